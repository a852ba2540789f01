#include "engine/random.h"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "engine/hash.h"

namespace td::engine {

uint64_t DeriveSeed(uint64_t seed, std::string_view name, uint64_t index) {
  return Mix64(seed, Fnv1a64(name), index);
}

RandomStream::RandomStream(uint64_t seed, std::string_view name) : m_engine(DeriveSeed(seed, name)) {}
RandomStream::RandomStream(uint64_t seed, std::string_view name, uint64_t index)
    : m_engine(DeriveSeed(seed, name, index)) {}

int64_t RandomStream::UniformInt(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  return boost::random::uniform_int_distribution<int64_t>(lo, hi)(m_engine);
}
double RandomStream::Uniform01() { return boost::random::uniform_01<double>()(m_engine); }
bool RandomStream::Chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  // Same rule as Boost's bernoulli_distribution on this engine, without building one per call.
  return static_cast<double>(m_engine() - (m_engine.min)()) <= p * static_cast<double>((m_engine.max)() - (m_engine.min)());
}
double RandomStream::Normal(double mean, double stddev) {
  return boost::random::normal_distribution<double>(mean, stddev)(m_engine);
}
double RandomStream::Exponential(double mean) {
  return boost::random::exponential_distribution<double>(1.0 / mean)(m_engine);
}
int64_t RandomStream::Poisson(double mean) {
  if (mean <= 0) return 0;
  return boost::random::poisson_distribution<int64_t, double>(mean)(m_engine);
}

}  // namespace td::engine
