#pragma once
// The ground truth of a played exercise as JSON (roles, attack time line with ATT&CK ids, every
// attacker access channel with what it survives and whether it is still open, metrics, injects).
#include <string>

#include "sim/exercise.h"

namespace td::sim {

std::string GroundTruthJson(const Exercise& ex);

}  // namespace td::sim
