// Given: do not edit. JSON through nlohmann-json (Debian's nlohmann-json3-dev).
#include "token_codec.h"

#include <array>
#include <nlohmann/json.hpp>

namespace lab::auth {
namespace {
constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int Sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}
}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n =
        (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (rest == 2) n |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    if (rest == 2) out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string* bytes) {
  if (text.size() % 4 == 1) return false;  // no byte count encodes to that
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Sextet(c);
    if (v < 0) return false;
    buffer = (buffer << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, or two texts would decode to the same bytes.
  if ((buffer & ((1u << bits) - 1)) != 0) return false;
  *bytes = std::move(out);
  return true;
}

std::string ClaimsToJson(const Claims& claims) {
  const auto exp = std::chrono::duration_cast<std::chrono::seconds>(
                       claims.expires_at.time_since_epoch())
                       .count();
  nlohmann::ordered_json json = {{"sub", claims.subject},
                                 {"role", claims.role},
                                 {"iss", claims.issuer},
                                 {"aud", claims.audience},
                                 {"exp", exp}};
  return json.dump();
}

grpc::Status ClaimsFromJson(const std::string& text, Claims* claims) {
  auto bad = [](const std::string& why) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "token claims: " + why);
  };
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return bad("not a JSON object");
  for (const char* name : {"sub", "role", "iss", "aud"}) {
    if (!json.contains(name) || !json[name].is_string()) {
      return bad(std::string("\"") + name + "\" missing or not a string");
    }
  }
  if (!json.contains("exp") || !json["exp"].is_number_integer()) {
    return bad("\"exp\" missing or not an integer");
  }
  Claims parsed;
  parsed.subject = json["sub"].get<std::string>();
  parsed.role = json["role"].get<std::string>();
  parsed.issuer = json["iss"].get<std::string>();
  parsed.audience = json["aud"].get<std::string>();
  parsed.expires_at = std::chrono::system_clock::time_point(
      std::chrono::seconds(json["exp"].get<int64_t>()));
  if (parsed.subject.empty()) return bad("\"sub\" is empty");
  *claims = std::move(parsed);
  return grpc::Status::OK;
}

bool IsHs256Header(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return false;
  if (!json.contains("alg") || json["alg"] != "HS256") return false;
  return !json.contains("typ") || json["typ"] == "JWT";
}

}  // namespace lab::auth
