#include "sim/catalog.h"

namespace td::sim {

namespace {
constexpr ResultInfo kResults[] = {
    {"0", "", ""},
    {"50126", "Error validating credentials due to invalid username or password.",
     "Error validating credentials due to invalid username or password."},
    {"500121", "Authentication failed during strong authentication request.",
     "Authentication failed during strong authentication request."},
    {"50074", "Strong Authentication is required.", "Strong Authentication is required."},
    {"53003", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
     "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."},
    {"50057", "User account is disabled. The account has been disabled by an administrator.",
     "User account is disabled. The account has been disabled by an administrator."},
    {"50053", "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
     "Account is locked because user tried to sign in too many times with an incorrect user ID or password."},
    {"50173", "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
     "The provided grant has expired due to it being revoked, a fresh auth token is needed."},
    {"70043", "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.",
     "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access."},
    {"50140", "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
     "This error occurred due to 'Keep me signed in' interrupt when the user was signing in."},
    {"50058", "Session information is not sufficient for single-sign-on.", "Session information is not sufficient for single-sign-on."},
    {"53003", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
     "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."},
    {"53000", "Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant. The user must enroll their device with an approved MDM provider like Intune.",
     "Device is not in required device state: {state}. Conditional Access policy requires a compliant device, and the device is not compliant. The user must enroll their device with an approved MDM provider like Intune."},
};
static_assert(sizeof(kResults) / sizeof(kResults[0]) == static_cast<size_t>(SignInResult::kCount));
}  // namespace

const ResultInfo& Describe(SignInResult r) { return kResults[static_cast<size_t>(r)]; }

}  // namespace td::sim
