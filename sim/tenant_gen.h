#pragma once
// Builds a tenant from a template and a seed, deterministically (stream "tenant").
#include <cstdint>

#include "sim/tenant.h"
#include "sim/tenant_template.h"

namespace td::sim {

Tenant BuildTenant(const TemplateSpec& spec, uint64_t seed);

}  // namespace td::sim
