// GRU forward and backward through time for training (see gru_training.h) on the shared kernels: the
// input projection of every step is one matmul, each step costs the two recurrent matmuls (and their
// transposes backward) plus the gate arithmetic, and the weight gradients are one matmul over all steps.
#include "gru_training.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"

namespace rnn_studio {
namespace {

void transpose(const float* src, int rows, int cols, float* dst) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) dst[static_cast<std::ptrdiff_t>(c) * rows + r] = src[static_cast<std::ptrdiff_t>(r) * cols + c];
}

// One row's [z | r] pre-activations → activations; rh = r⊙hIn.
RNN_STUDIO_CLONES
void update_reset(float* g, const float* hIn, int H, float* rh) {
  for (int j = 0; j < H; ++j) {
    g[j] = sigmoid_approx(g[j]);
    const float r = sigmoid_approx(g[H + j]);
    g[H + j] = r;
    rh[j] = r * hIn[j];
  }
}

// c = tanh(candidate pre-activation) in place; h = z⊙hIn + (1 − z)⊙c.
RNN_STUDIO_CLONES
void candidate_output(float* g, const float* hIn, int H, float* h) {
  for (int j = 0; j < H; ++j) {
    const float c = tanh_approx(g[2 * H + j]);
    g[2 * H + j] = c;
    h[j] = g[j] * hIn[j] + (1.0f - g[j]) * c;
  }
}

// The recurrent input of step t > 0 for every batch row: h_{t-1}⊙mask, packed [batch, units].
void recurrent_input(const float* h, int B, int T, int H, int t, const float* mask, float* out) {
  const std::ptrdiff_t hRow = static_cast<std::ptrdiff_t>(T) * H;
  for (int b = 0; b < B; ++b) {
    const float* prev = h + b * hRow + static_cast<std::ptrdiff_t>(t - 1) * H;
    float* o = out + static_cast<std::ptrdiff_t>(b) * H;
    if (mask) {
      const float* m = mask + static_cast<std::ptrdiff_t>(b) * H;
      for (int j = 0; j < H; ++j) o[j] = prev[j] * m[j];
    } else {
      std::memcpy(o, prev, sizeof(float) * H);
    }
  }
}

}  // namespace

void gru_train_forward(const RnnDims& d, const float* x, const float* W, const float* U, const float* bias, const float* mask, float* h, float* gates) {
  const int B = d.batch, T = d.steps, F = d.features, H = d.units;
  const std::ptrdiff_t G = 3 * static_cast<std::ptrdiff_t>(H);
  const std::ptrdiff_t gRow = T * G, hRow = static_cast<std::ptrdiff_t>(T) * H;
  const FlushDenormals flush;
  for (std::ptrdiff_t r = 0; r < static_cast<std::ptrdiff_t>(B) * T; ++r) std::memcpy(gates + r * G, bias, sizeof(float) * G);
  gemm_acc(B * T, static_cast<int>(G), F, x, F, 1, W, G, gates, G);
  std::vector<float> hIn(static_cast<std::size_t>(B) * H, 0.0f);
  std::vector<float> rh(static_cast<std::size_t>(B) * H, 0.0f);
  for (int t = 0; t < T; ++t) {
    float* gt = gates + static_cast<std::ptrdiff_t>(t) * G;
    if (t > 0) {
      recurrent_input(h, B, T, H, t, mask, hIn.data());
      gemm_acc(B, 2 * H, H, hIn.data(), H, 1, U, G, gt, gRow);
    }
    for (int b = 0; b < B; ++b) update_reset(gt + b * gRow, hIn.data() + static_cast<std::ptrdiff_t>(b) * H, H, rh.data() + static_cast<std::ptrdiff_t>(b) * H);
    if (t > 0) gemm_acc(B, H, H, rh.data(), H, 1, U + 2 * H, G, gt + 2 * H, gRow);
    for (int b = 0; b < B; ++b) candidate_output(gt + b * gRow, hIn.data() + static_cast<std::ptrdiff_t>(b) * H, H, h + b * hRow + static_cast<std::ptrdiff_t>(t) * H);
  }
}

void gru_backward(const RnnDims& d, const float* x, const float* W, const float* U, const float* mask, const float* h, const float* gates, const float* dy, bool returnSequences, float* dx, float* dW, float* dU,
                  float* db) {
  const int B = d.batch, T = d.steps, F = d.features, H = d.units;
  const std::ptrdiff_t G = 3 * static_cast<std::ptrdiff_t>(H);
  const std::ptrdiff_t gRow = T * G, hRow = static_cast<std::ptrdiff_t>(T) * H;
  const FlushDenormals flush;
  // dA: the gradient of every step's pre-activations [z | r | h], laid out like gates.
  std::vector<float> dA(static_cast<std::size_t>(B) * T * G);
  std::vector<float> carry(static_cast<std::size_t>(B) * H, 0.0f);
  std::vector<float> dhIn(static_cast<std::size_t>(B) * H);
  std::vector<float> drh(static_cast<std::size_t>(B) * H);
  std::vector<float> hIn(static_cast<std::size_t>(B) * H, 0.0f);
  std::vector<float> Ut(static_cast<std::size_t>(G) * H);
  transpose(U, H, static_cast<int>(G), Ut.data());
  if (!returnSequences) std::memcpy(carry.data(), dy, sizeof(float) * B * H);
  for (int t = T - 1; t >= 0; --t) {
    if (t > 0)
      recurrent_input(h, B, T, H, t, mask, hIn.data());
    else
      std::fill(hIn.begin(), hIn.end(), 0.0f);
    const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(t) * G;
    for (int b = 0; b < B; ++b) {
      const float* g = gates + b * gRow + at;
      float* a = dA.data() + b * gRow + at;
      const float* c = carry.data() + static_cast<std::ptrdiff_t>(b) * H;
      const float* out = returnSequences ? dy + b * hRow + static_cast<std::ptrdiff_t>(t) * H : nullptr;
      const float* hi = hIn.data() + static_cast<std::ptrdiff_t>(b) * H;
      float* dh = dhIn.data() + static_cast<std::ptrdiff_t>(b) * H;
      for (int j = 0; j < H; ++j) {
        const float grad = out ? c[j] + out[j] : c[j];
        const float z = g[j], cand = g[2 * H + j];
        a[j] = grad * (hi[j] - cand) * z * (1.0f - z);
        a[2 * H + j] = grad * (1.0f - z) * (1.0f - cand * cand);
        dh[j] = grad * z;
      }
    }
    // d(r⊙hIn) = dA_h·U_hᵀ, then the reset gate's pre-activation gradient and its share of dhIn.
    std::fill(drh.begin(), drh.end(), 0.0f);
    gemm_acc(B, H, H, dA.data() + at + 2 * H, gRow, 1, Ut.data() + 2 * H * H, H, drh.data(), H);
    for (int b = 0; b < B; ++b) {
      const float* g = gates + b * gRow + at;
      float* a = dA.data() + b * gRow + at;
      const float* hi = hIn.data() + static_cast<std::ptrdiff_t>(b) * H;
      const float* dr = drh.data() + static_cast<std::ptrdiff_t>(b) * H;
      float* dh = dhIn.data() + static_cast<std::ptrdiff_t>(b) * H;
      for (int j = 0; j < H; ++j) {
        const float r = g[H + j];
        a[H + j] = dr[j] * hi[j] * r * (1.0f - r);
        dh[j] += dr[j] * r;
      }
    }
    if (t > 0) {
      gemm_acc(B, H, 2 * H, dA.data() + at, gRow, 1, Ut.data(), H, dhIn.data(), H);
      if (mask)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(B) * H; ++i) carry[i] = dhIn[i] * mask[i];
      else
        std::memcpy(carry.data(), dhIn.data(), sizeof(float) * B * H);
    }
  }
  // Weight gradients over all steps at once.
  const std::ptrdiff_t BT = static_cast<std::ptrdiff_t>(B) * T;
  std::fill(dx, dx + BT * F, 0.0f);
  if (F >= 16) {
    // Wide inputs: the register-tiled matmul against Wᵀ beats dot products along W's rows.
    std::vector<float> Wt(static_cast<std::size_t>(G) * F);
    transpose(W, F, static_cast<int>(G), Wt.data());
    gemm_acc(static_cast<int>(BT), F, static_cast<int>(G), dA.data(), G, 1, Wt.data(), F, dx, F);
  } else {
    gemm_nt_acc(static_cast<int>(BT), F, static_cast<int>(G), dA.data(), G, W, G, dx, F);
  }
  std::fill(dW, dW + F * G, 0.0f);
  gemm_acc(F, static_cast<int>(G), static_cast<int>(BT), x, 1, F, dA.data(), G, dW, G);
  std::fill(dU, dU + H * G, 0.0f);
  // Step t's recurrent inputs are hIn_t (gates z, r) and r_t⊙hIn_t (candidate); both zero at t = 0.
  if (T > 1) {
    std::vector<float> hInSeq(static_cast<std::size_t>(T - 1) * H);
    std::vector<float> rhSeq(static_cast<std::size_t>(T - 1) * H);
    for (int b = 0; b < B; ++b) {
      const float* hb = h + b * hRow;
      const float* m = mask ? mask + static_cast<std::ptrdiff_t>(b) * H : nullptr;
      for (int t = 1; t < T; ++t) {
        const float* prev = hb + static_cast<std::ptrdiff_t>(t - 1) * H;
        const float* r = gates + b * gRow + t * G + H;
        float* hi = hInSeq.data() + static_cast<std::ptrdiff_t>(t - 1) * H;
        float* ri = rhSeq.data() + static_cast<std::ptrdiff_t>(t - 1) * H;
        for (int j = 0; j < H; ++j) {
          hi[j] = m ? prev[j] * m[j] : prev[j];
          ri[j] = r[j] * hi[j];
        }
      }
      const float* ab = dA.data() + b * gRow + G;  // from step 1
      gemm_acc(H, 2 * H, T - 1, hInSeq.data(), 1, H, ab, G, dU, G);
      gemm_acc(H, H, T - 1, rhSeq.data(), 1, H, ab + 2 * H, G, dU + 2 * H, G);
    }
  }
  std::fill(db, db + G, 0.0f);
  for (std::ptrdiff_t r = 0; r < BT; ++r) {
    const float* a = dA.data() + r * G;
    for (std::ptrdiff_t j = 0; j < G; ++j) db[j] += a[j];
  }
}

}  // namespace rnn_studio
