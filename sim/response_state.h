#pragma once
// The response side of an exercise: the action log and the case facts scoring reads.
#include <string>
#include <vector>

#include "sim/discussion.h"
#include "sim/exercise.h"
#include "sim/response.h"

namespace td::sim {

struct Exercise::ResponseState {
  std::vector<ActionRecord> log;
  SimTime declared = -1;           // incident declared
  std::string severity;
  SimTime contained_declared = -1;
  SimTime eradicated_declared = -1;
  SimTime evidence_preserved = -1; // logs exported / audit search saved
  std::vector<std::pair<uint32_t, SimTime>> rules_exported;    // mailbox -> when its rules were exported
  std::vector<std::pair<std::string, SimTime>> notified;        // audience -> when
  std::vector<std::string> findings;                            // notes with their citations
  uint32_t users_disrupted = 0;
  uint32_t hints_used = 0;
  SimTime ir_approval_at = -1;     // posture without IR preparation: when the responder's Graph access was approved
  std::vector<DiscussionRating> discussion;                     // facilitator ratings (sim/discussion.h)
};

}  // namespace td::sim
