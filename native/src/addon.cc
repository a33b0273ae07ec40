// Node-API entry points for the SimpleRNN and GRU recurrences (forward and backward, for training) and
// the LSTM and GRU forward passes (inference). Every array is a caller-owned Float32Array whose
// length is checked against the dimensions before any loop touches it; nothing is kept between calls.
#include <node_api.h>

#include <string>

#include "gated_rnn.h"
#include "gru_training.h"
#include "simple_rnn.h"

namespace {

struct Floats {
  float* data = nullptr;
  size_t length = 0;
};

bool fail(napi_env env, const std::string& message) {
  napi_throw_type_error(env, nullptr, message.c_str());
  return false;
}

bool get_int(napi_env env, napi_value v, const char* name, int* out) {
  int32_t value = 0;
  if (napi_get_value_int32(env, v, &value) != napi_ok || value < 0) return fail(env, std::string(name) + " must be a non-negative integer");
  *out = value;
  return true;
}

// A Float32Array of exactly `expected` elements, or null/undefined when `optional`.
bool get_floats(napi_env env, napi_value v, const char* name, size_t expected, bool optional, Floats* out) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (optional && (type == napi_null || type == napi_undefined)) return true;
  bool isTyped = false;
  napi_is_typedarray(env, v, &isTyped);
  if (!isTyped) return fail(env, std::string(name) + " must be a Float32Array");
  napi_typedarray_type arrayType;
  size_t length = 0;
  void* data = nullptr;
  napi_get_typedarray_info(env, v, &arrayType, &length, &data, nullptr, nullptr);
  if (arrayType != napi_float32_array) return fail(env, std::string(name) + " must be a Float32Array");
  if (length != expected) return fail(env, std::string(name) + " has " + std::to_string(length) + " elements, expected " + std::to_string(expected));
  out->data = static_cast<float*>(data);
  out->length = length;
  return true;
}

bool get_dims(napi_env env, napi_value* argv, rnn_studio::RnnDims* d) {
  return get_int(env, argv[0], "batch", &d->batch) && get_int(env, argv[1], "steps", &d->steps) && get_int(env, argv[2], "features", &d->features) && get_int(env, argv[3], "units", &d->units);
}

// simpleRnnForward(batch, steps, features, units, x, W, U, bias, mask | null, h): fills h.
napi_value Forward(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 10) return fail(env, "simpleRnnForward takes 10 arguments"), nullptr;
  rnn_studio::RnnDims d{};
  if (!get_dims(env, argv, &d)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  Floats x, W, U, bias, mask, h;
  if (!get_floats(env, argv[4], "x", B * T * F, false, &x) || !get_floats(env, argv[5], "W", F * H, false, &W) || !get_floats(env, argv[6], "U", H * H, false, &U) ||
      !get_floats(env, argv[7], "bias", H, false, &bias) || !get_floats(env, argv[8], "mask", B * H, true, &mask) || !get_floats(env, argv[9], "h", B * T * H, false, &h))
    return nullptr;
  rnn_studio::simple_rnn_forward(d, x.data, W.data, U.data, bias.data, mask.data, h.data);
  return nullptr;
}

// simpleRnnBackward(batch, steps, features, units, x, W, U, mask | null, h, dy, returnSequences, dx, dW, dU, db).
napi_value Backward(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value argv[15];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 15) return fail(env, "simpleRnnBackward takes 15 arguments"), nullptr;
  rnn_studio::RnnDims d{};
  if (!get_dims(env, argv, &d)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  bool returnSequences = false;
  if (napi_get_value_bool(env, argv[10], &returnSequences) != napi_ok) return fail(env, "returnSequences must be a boolean"), nullptr;
  Floats x, W, U, mask, h, dy, dx, dW, dU, db;
  if (!get_floats(env, argv[4], "x", B * T * F, false, &x) || !get_floats(env, argv[5], "W", F * H, false, &W) || !get_floats(env, argv[6], "U", H * H, false, &U) ||
      !get_floats(env, argv[7], "mask", B * H, true, &mask) || !get_floats(env, argv[8], "h", B * T * H, false, &h) ||
      !get_floats(env, argv[9], "dy", returnSequences ? B * T * H : B * H, false, &dy) || !get_floats(env, argv[11], "dx", B * T * F, false, &dx) ||
      !get_floats(env, argv[12], "dW", F * H, false, &dW) || !get_floats(env, argv[13], "dU", H * H, false, &dU) || !get_floats(env, argv[14], "db", H, false, &db))
    return nullptr;
  rnn_studio::simple_rnn_backward(d, x.data, W.data, U.data, mask.data, h.data, dy.data, returnSequences, dx.data, dW.data, dU.data, db.data);
  return nullptr;
}

// gruTrainForward(batch, steps, features, units, x, W, U, bias, mask | null, h, gates): fills h and gates.
napi_value GruTrainForward(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 11) return fail(env, "gruTrainForward takes 11 arguments"), nullptr;
  rnn_studio::RnnDims d{};
  if (!get_dims(env, argv, &d)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  Floats x, W, U, bias, mask, h, gates;
  if (!get_floats(env, argv[4], "x", B * T * F, false, &x) || !get_floats(env, argv[5], "W", F * 3 * H, false, &W) || !get_floats(env, argv[6], "U", H * 3 * H, false, &U) ||
      !get_floats(env, argv[7], "bias", 3 * H, false, &bias) || !get_floats(env, argv[8], "mask", B * H, true, &mask) || !get_floats(env, argv[9], "h", B * T * H, false, &h) ||
      !get_floats(env, argv[10], "gates", B * T * 3 * H, false, &gates))
    return nullptr;
  rnn_studio::gru_train_forward(d, x.data, W.data, U.data, bias.data, mask.data, h.data, gates.data);
  return nullptr;
}

// gruBackward(batch, steps, features, units, x, W, U, mask | null, h, gates, dy, returnSequences, dx, dW, dU, db).
napi_value GruBackward(napi_env env, napi_callback_info info) {
  size_t argc = 16;
  napi_value argv[16];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 16) return fail(env, "gruBackward takes 16 arguments"), nullptr;
  rnn_studio::RnnDims d{};
  if (!get_dims(env, argv, &d)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  bool returnSequences = false;
  if (napi_get_value_bool(env, argv[11], &returnSequences) != napi_ok) return fail(env, "returnSequences must be a boolean"), nullptr;
  Floats x, W, U, mask, h, gates, dy, dx, dW, dU, db;
  if (!get_floats(env, argv[4], "x", B * T * F, false, &x) || !get_floats(env, argv[5], "W", F * 3 * H, false, &W) || !get_floats(env, argv[6], "U", H * 3 * H, false, &U) ||
      !get_floats(env, argv[7], "mask", B * H, true, &mask) || !get_floats(env, argv[8], "h", B * T * H, false, &h) || !get_floats(env, argv[9], "gates", B * T * 3 * H, false, &gates) ||
      !get_floats(env, argv[10], "dy", returnSequences ? B * T * H : B * H, false, &dy) || !get_floats(env, argv[12], "dx", B * T * F, false, &dx) ||
      !get_floats(env, argv[13], "dW", F * 3 * H, false, &dW) || !get_floats(env, argv[14], "dU", H * 3 * H, false, &dU) || !get_floats(env, argv[15], "db", 3 * H, false, &db))
    return nullptr;
  rnn_studio::gru_backward(d, x.data, W.data, U.data, mask.data, h.data, gates.data, dy.data, returnSequences, dx.data, dW.data, dU.data, db.data);
  return nullptr;
}

// lstmForward / gruForward(batch, steps, features, units, blocks, x, W, U, bias, h): fills h. `blocks`
// (≥ 1, dividing units) is how many equal diagonal blocks U has within each gate.
template <int Gates, void (*Kernel)(const rnn_studio::RnnDims&, int, const float*, const float*, const float*, const float*, float*)>
napi_value GatedForward(napi_env env, napi_callback_info info) {
  const char* name = Gates == 4 ? "lstmForward" : "gruForward";
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 10) return fail(env, std::string(name) + " takes 10 arguments"), nullptr;
  rnn_studio::RnnDims d{};
  int blocks = 0;
  if (!get_dims(env, argv, &d) || !get_int(env, argv[4], "blocks", &blocks)) return nullptr;
  if (blocks < 1 || d.units % blocks != 0) return fail(env, "blocks must be a positive divisor of units (" + std::to_string(d.units) + "), got " + std::to_string(blocks)), nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units, G = Gates;
  Floats x, W, U, bias, h;
  if (!get_floats(env, argv[5], "x", B * T * F, false, &x) || !get_floats(env, argv[6], "W", F * G * H, false, &W) || !get_floats(env, argv[7], "U", H * G * H, false, &U) ||
      !get_floats(env, argv[8], "bias", G * H, false, &bias) || !get_floats(env, argv[9], "h", B * T * H, false, &h))
    return nullptr;
  Kernel(d, blocks, x.data, W.data, U.data, bias.data, h.data);
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"simpleRnnForward", nullptr, Forward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"simpleRnnBackward", nullptr, Backward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"lstmForward", nullptr, GatedForward<4, rnn_studio::lstm_forward>, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"gruForward", nullptr, GatedForward<3, rnn_studio::gru_forward>, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"gruTrainForward", nullptr, GruTrainForward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"gruBackward", nullptr, GruBackward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
  };
  napi_define_properties(env, exports, 6, props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
