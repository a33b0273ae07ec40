// The shared numeric kernels of the addon's recurrences: a register-tiled matmul-accumulate, Eigen's
// tanh, and a guard that flushes denormals as TensorFlow's kernels do.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define RNN_STUDIO_HAS_MXCSR 1
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define RNN_STUDIO_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RNN_STUDIO_CLONES
#endif

namespace rnn_studio {

// Hot loops: each compiled per target (see RNN_STUDIO_CLONES) so the AVX2 clone is self-contained.
// Eigen's rational tanh (what TensorFlow's Tanh kernel computes), so results match TensorFlow's to
// float rounding: clamp, then a degree-13/6 odd/even polynomial ratio.
__attribute__((always_inline)) inline float tanh_approx(float x) {
  const float clamped = std::min(7.90531110763549805f, std::max(-7.90531110763549805f, x));
  const float x2 = clamped * clamped;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * clamped;
  float q = 1.19825839466702e-06f;
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  const float r = p / q;
  // Tiny inputs: tanh(x) = x to float precision (Eigen does the same).
  return std::abs(x) < 0.0004f ? x : r;
}

// σ(x) = (1 + tanh(x/2)) / 2 on Eigen's tanh: the logistic to float rounding.
__attribute__((always_inline)) inline float sigmoid_approx(float x) { return 0.5f + 0.5f * tanh_approx(0.5f * x); }

// C[i, n] += Σ_k a(i, k)·B[k, n] for i < M, n < N, k < K, where a(i, k) = A[i·ai + k·ak], B is [K, N]
// with row stride ldb and C has row stride ldc.
void gemm_acc(int M, int N, int K, const float* A, std::ptrdiff_t ai, std::ptrdiff_t ak, const float* B, std::ptrdiff_t ldb, float* C, std::ptrdiff_t ldc);

// C[i, n] += A[i, :]·Bt[n, :] (both rows contiguous, length K).
void gemm_nt_acc(int M, int N, int K, const float* A, std::ptrdiff_t lda, const float* Bt, std::ptrdiff_t ldbt, float* C, std::ptrdiff_t ldc);

// x ← tanh(x) over n elements.
void tanh_inplace(float* x, int n);

// Flushes denormal floats to zero for its lifetime, as TensorFlow's kernels run: a vanishing gradient
// otherwise decays through denormals, which x86 computes ~100× slower.
class FlushDenormals {
 public:
#ifdef RNN_STUDIO_HAS_MXCSR
  FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040); }  // FTZ | DAZ
  ~FlushDenormals() { _mm_setcsr(saved_); }

 private:
  unsigned int saved_;
#endif
};

}  // namespace rnn_studio
