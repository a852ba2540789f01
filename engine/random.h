#pragma once
// Seeded random streams on Boost.Random engines and distributions (the standard library's
// distributions differ between implementations, so replays would differ). Each stream is named
// and derived from the scenario seed alone: adding a background activity does not shift the
// attacker's dice.
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace td::engine {

class RandomStream {
 public:
  RandomStream(uint64_t seed, std::string_view name);
  RandomStream(uint64_t seed, std::string_view name, uint64_t index);  // e.g. one stream per user
  uint64_t Next() { return m_engine(); }
  int64_t UniformInt(int64_t lo, int64_t hi);  // inclusive bounds
  double Uniform01();
  bool Chance(double p);
  double Normal(double mean, double stddev);
  double Exponential(double mean);
  int64_t Poisson(double mean);
  template <typename Container>
  auto& Pick(Container& c) { return c[static_cast<size_t>(UniformInt(0, static_cast<int64_t>(c.size()) - 1))]; }

 private:
  boost::random::mt19937_64 m_engine;
};

uint64_t DeriveSeed(uint64_t seed, std::string_view name, uint64_t index = 0);

}  // namespace td::engine
