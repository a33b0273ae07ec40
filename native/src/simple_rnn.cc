// SimpleRNN forward and backward through time (see simple_rnn.h) on the shared kernels.
#include "simple_rnn.h"

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

}  // namespace

void simple_rnn_forward(const RnnDims& d, const float* x, const float* W, const float* U, const float* bias, const float* mask, float* h) {
  const int B = d.batch, T = d.steps, F = d.features, H = d.units;
  const std::ptrdiff_t hRow = static_cast<std::ptrdiff_t>(T) * H;  // stride between batch rows of h
  const FlushDenormals flush;
  std::vector<float> masked(mask ? static_cast<std::size_t>(B) * H : 0);
  for (int t = 0; t < T; ++t) {
    float* ht = h + static_cast<std::ptrdiff_t>(t) * H;
    for (int b = 0; b < B; ++b) std::memcpy(ht + b * hRow, bias, sizeof(float) * H);
    gemm_acc(B, H, F, x + static_cast<std::ptrdiff_t>(t) * F, static_cast<std::ptrdiff_t>(T) * F, 1, W, H, ht, hRow);
    if (t > 0) {
      const float* prev = ht - H;
      if (mask) {
        for (int b = 0; b < B; ++b)
          for (int j = 0; j < H; ++j) masked[b * H + j] = prev[b * hRow + j] * mask[b * H + j];
        gemm_acc(B, H, H, masked.data(), H, 1, U, H, ht, hRow);
      } else {
        gemm_acc(B, H, H, prev, hRow, 1, U, H, ht, hRow);
      }
    }
    for (int b = 0; b < B; ++b) tanh_inplace(ht + b * hRow, H);
  }
}

void simple_rnn_backward(const RnnDims& d, const float* x, const float* W, const float* U, const float* mask, const float* h, const float* dy, bool returnSequences, float* dx, float* dW, float* dU, float* db) {
  const int B = d.batch, T = d.steps, F = d.features, H = d.units;
  const std::ptrdiff_t hRow = static_cast<std::ptrdiff_t>(T) * H;
  const FlushDenormals flush;
  std::vector<float> dZ(static_cast<std::size_t>(B) * T * H);  // batch-major like h
  std::vector<float> carry(static_cast<std::size_t>(B) * H, 0.0f);
  std::vector<float> Ut(static_cast<std::size_t>(H) * H);
  std::vector<float> Wt(static_cast<std::size_t>(H) * F);
  transpose(U, H, H, Ut.data());
  transpose(W, F, H, Wt.data());
  if (!returnSequences) std::memcpy(carry.data(), dy, sizeof(float) * B * H);
  for (int t = T - 1; t >= 0; --t) {
    for (int b = 0; b < B; ++b) {
      const std::ptrdiff_t at = b * hRow + static_cast<std::ptrdiff_t>(t) * H;
      const float* hb = h + at;
      float* z = dZ.data() + at;
      const float* c = carry.data() + b * H;
      if (returnSequences) {
        const float* g = dy + at;
        for (int j = 0; j < H; ++j) z[j] = (c[j] + g[j]) * (1.0f - hb[j] * hb[j]);
      } else {
        for (int j = 0; j < H; ++j) z[j] = c[j] * (1.0f - hb[j] * hb[j]);
      }
    }
    if (t > 0) {
      std::fill(carry.begin(), carry.end(), 0.0f);
      gemm_acc(B, H, H, dZ.data() + static_cast<std::ptrdiff_t>(t) * H, hRow, 1, Ut.data(), H, carry.data(), H);
      if (mask)
        for (int i = 0; i < B * H; ++i) carry[i] *= mask[i];
    }
  }
  // Weight gradients over all steps at once.
  std::fill(dx, dx + static_cast<std::ptrdiff_t>(B) * T * F, 0.0f);
  if (F >= 16)
    gemm_acc(B * T, F, H, dZ.data(), H, 1, Wt.data(), F, dx, F);
  else
    gemm_nt_acc(B * T, F, H, dZ.data(), H, W, H, dx, F);
  std::fill(dW, dW + static_cast<std::ptrdiff_t>(F) * H, 0.0f);
  gemm_acc(F, H, B * T, x, 1, F, dZ.data(), H, dW, H);
  std::fill(dU, dU + static_cast<std::ptrdiff_t>(H) * H, 0.0f);
  // The recurrent input at step t is h_{t-1}⊙mask (zero at t = 0, so that step adds nothing).
  std::vector<float> hIn(static_cast<std::size_t>(T > 1 ? T - 1 : 0) * H);
  for (int b = 0; b < B; ++b) {
    const float* hb = h + b * hRow;
    const float* zb = dZ.data() + b * hRow + H;
    if (mask) {
      const float* m = mask + b * H;
      for (int t = 0; t + 1 < T; ++t)
        for (int j = 0; j < H; ++j) hIn[static_cast<std::size_t>(t) * H + j] = hb[static_cast<std::ptrdiff_t>(t) * H + j] * m[j];
      gemm_acc(H, H, T - 1, hIn.data(), 1, H, zb, H, dU, H);
    } else {
      gemm_acc(H, H, T - 1, hb, 1, H, zb, H, dU, H);
    }
  }
  std::fill(db, db + H, 0.0f);
  for (std::ptrdiff_t r = 0; r < static_cast<std::ptrdiff_t>(B) * T; ++r) {
    const float* z = dZ.data() + r * H;
    for (int j = 0; j < H; ++j) db[j] += z[j];
  }
}

}  // namespace rnn_studio