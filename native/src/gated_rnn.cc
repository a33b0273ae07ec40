// LSTM and GRU forward through time (see gated_rnn.h): per step one matmul-accumulate into the gate
// pre-activations, then the gate arithmetic in one vectorised loop.
#include "gated_rnn.h"

#include <cstring>
#include <vector>

#include "kernels.h"

namespace rnn_studio {
namespace {

// z holds one row's [i | f | c | o] pre-activations; c the cell state (updated); h receives the output.
RNN_STUDIO_CLONES
void lstm_gates(const float* z, int H, float* c, float* h) {
  for (int j = 0; j < H; ++j) {
    const float i = sigmoid_approx(z[j]);
    const float f = sigmoid_approx(z[H + j]);
    const float g = tanh_approx(z[2 * H + j]);
    const float o = sigmoid_approx(z[3 * H + j]);
    c[j] = f * c[j] + i * g;
    h[j] = o * tanh_approx(c[j]);
  }
}

// zr holds one row's [z | r] pre-activations: writes z's activation back into it and r⊙h_prev into rh.
RNN_STUDIO_CLONES
void gru_gates(float* zr, const float* prev, int H, float* rh) {
  for (int j = 0; j < H; ++j) {
    zr[j] = sigmoid_approx(zr[j]);
    rh[j] = sigmoid_approx(zr[H + j]) * prev[j];
  }
}

// h = z⊙h_prev + (1 − z)⊙tanh(candidate pre-activation).
RNN_STUDIO_CLONES
void gru_output(const float* z, const float* cand, const float* prev, int H, float* h) {
  for (int j = 0; j < H; ++j) h[j] = z[j] * prev[j] + (1.0f - z[j]) * tanh_approx(cand[j]);
}

// z[:, gates first…last) += h_prev·U, where U [H, G·H] is block-diagonal within each gate: `blocks`
// equal blocks (the members of a composed ensemble), so only those are multiplied.
void recurrent_acc(int B, int H, int G, int first, int last, int blocks, const float* prev, std::ptrdiff_t prevRow, const float* U, float* z) {
  const std::ptrdiff_t ld = static_cast<std::ptrdiff_t>(G) * H;
  if (blocks == 1) {
    gemm_acc(B, (last - first) * H, H, prev, prevRow, 1, U + first * H, ld, z + first * H, ld);
    return;
  }
  const int bu = H / blocks;
  for (int g = first; g < last; ++g)
    for (int k = 0; k < blocks; ++k) gemm_acc(B, bu, bu, prev + k * bu, prevRow, 1, U + k * bu * ld + g * H + k * bu, ld, z + g * H + k * bu, ld);
}

}  // namespace

void lstm_forward(const RnnDims& d, int blocks, const float* x, const float* W, const float* U, const float* bias, float* h) {
  const int B = d.batch, T = d.steps, F = d.features, H = d.units;
  const std::ptrdiff_t hRow = static_cast<std::ptrdiff_t>(T) * H;
  const FlushDenormals flush;
  std::vector<float> z(static_cast<std::size_t>(B) * 4 * H);
  std::vector<float> c(static_cast<std::size_t>(B) * H, 0.0f);
  for (int t = 0; t < T; ++t) {
    for (int b = 0; b < B; ++b) std::memcpy(z.data() + static_cast<std::ptrdiff_t>(b) * 4 * H, bias, sizeof(float) * 4 * H);
    gemm_acc(B, 4 * H, F, x + static_cast<std::ptrdiff_t>(t) * F, static_cast<std::ptrdiff_t>(T) * F, 1, W, 4 * H, z.data(), 4 * H);
    float* ht = h + static_cast<std::ptrdiff_t>(t) * H;
    if (t > 0) recurrent_acc(B, H, 4, 0, 4, blocks, ht - H, hRow, U, z.data());
    for (int b = 0; b < B; ++b) lstm_gates(z.data() + static_cast<std::ptrdiff_t>(b) * 4 * H, H, c.data() + static_cast<std::ptrdiff_t>(b) * H, ht + b * hRow);
  }
}

void gru_forward(const RnnDims& d, int blocks, const float* x, const float* W, const float* U, const float* bias, float* h) {
  const int B = d.batch, T = d.steps, F = d.features, H = d.units;
  const std::ptrdiff_t hRow = static_cast<std::ptrdiff_t>(T) * H;
  const FlushDenormals flush;
  std::vector<float> z(static_cast<std::size_t>(B) * 3 * H);  // [z | r | candidate] per row
  std::vector<float> rh(static_cast<std::size_t>(B) * H);
  const std::vector<float> zero(static_cast<std::size_t>(H), 0.0f);
  for (int t = 0; t < T; ++t) {
    for (int b = 0; b < B; ++b) std::memcpy(z.data() + static_cast<std::ptrdiff_t>(b) * 3 * H, bias, sizeof(float) * 3 * H);
    gemm_acc(B, 3 * H, F, x + static_cast<std::ptrdiff_t>(t) * F, static_cast<std::ptrdiff_t>(T) * F, 1, W, 3 * H, z.data(), 3 * H);
    float* ht = h + static_cast<std::ptrdiff_t>(t) * H;
    if (t > 0) recurrent_acc(B, H, 3, 0, 2, blocks, ht - H, hRow, U, z.data());
    for (int b = 0; b < B; ++b) {
      const float* prev = t > 0 ? ht - H + b * hRow : zero.data();
      gru_gates(z.data() + static_cast<std::ptrdiff_t>(b) * 3 * H, prev, H, rh.data() + static_cast<std::ptrdiff_t>(b) * H);
    }
    if (t > 0) recurrent_acc(B, H, 3, 2, 3, blocks, rh.data(), H, U, z.data());
    for (int b = 0; b < B; ++b) {
      const float* prev = t > 0 ? ht - H + b * hRow : zero.data();
      const float* row = z.data() + static_cast<std::ptrdiff_t>(b) * 3 * H;
      gru_output(row, row + 2 * H, prev, H, ht + b * hRow);
    }
  }
}

}  // namespace rnn_studio
