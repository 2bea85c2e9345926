// bias_act CUDA kernel: y = clamp(act(x + b) * gain, -clamp, clamp), elementwise.
// No torch headers here (they make nvcc slow): the binding in bias_act.cpp passes raw pointers and sizes.
#include "dtype.cuh"

template <typename T> struct Acc { typedef float type; };
template <> struct Acc<double> { typedef double type; };

// Activations, indices as in ACTIVATIONS (python side).
template <typename A> __device__ inline A activate(A z, int act, A alpha) {
    const A one = 1;
    switch (act) {
        case 1: return z > 0 ? z : A(0);                                  // relu
        case 2: return z > 0 ? z : z * alpha;                             // lrelu
        case 3: return tanh(z);                                           // tanh
        case 4: return one / (one + exp(-z));                             // sigmoid
        case 5: return z > 0 ? z : alpha * (exp(z) - one);                // elu
        case 6: return A(1.0507009873554804934193349852946) *
                       (z > 0 ? z : A(1.6732632423543772848170429916717) * (exp(z) - one)); // selu
        case 7: return z > A(20) ? z : log1p(exp(z));                     // softplus (threshold 20, as torch)
        case 8: return z / (one + exp(-z));                               // swish
        default: return z;                                                // linear
    }
}

template <typename T>
__global__ void bias_act_kernel(const T* x, const T* b, T* y, int64_t n, int64_t stride_c, int64_t size_c,
                                int act, double alpha, double gain, double clamp) {
    typedef typename Acc<T>::type A;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)blockDim.x * gridDim.x) {
        A z = to_acc(x[i]);
        if (b) z += to_acc(b[(i / stride_c) % size_c]);
        A v = activate<A>(z, act, (A)alpha) * (A)gain;
        if (clamp >= 0) v = v > (A)clamp ? (A)clamp : (v < -(A)clamp ? -(A)clamp : v);
        store(y + i, v);
    }
}

template <typename T>
static int launch(const void* x, const void* b, void* y, int64_t n, int64_t stride_c, int64_t size_c,
                  int act, double alpha, double gain, double clamp, cudaStream_t stream) {
    if (n == 0) return 0;
    int threads = 256;
    int64_t blocks = (n + threads - 1) / threads;
    if (blocks > 65535 * 16) blocks = 65535 * 16;
    bias_act_kernel<T><<<(unsigned)blocks, threads, 0, stream>>>((const T*)x, (const T*)b, (T*)y, n, stride_c, size_c,
                                                               act, alpha, gain, clamp);
    return (int)cudaGetLastError();
}

// dtype: 0 float32, 1 float64, 2 float16, 3 bfloat16. x, y: n elements in memory order; the bias index of element i
// is (i / stride_c) % size_c (valid for any dense layout); b may be null. clamp < 0 = off. Returns a cudaError_t.
extern "C" int t2igan_bias_act_launch(int dtype, const void* x, const void* b, void* y, int64_t n, int64_t stride_c,
                                      int64_t size_c, int act, double alpha, double gain, double clamp, cudaStream_t stream) {
    switch (dtype) {
        case 0: return launch<float>(x, b, y, n, stride_c, size_c, act, alpha, gain, clamp, stream);
        case 1: return launch<double>(x, b, y, n, stride_c, size_c, act, alpha, gain, clamp, stream);
        case 2: return launch<__half>(x, b, y, n, stride_c, size_c, act, alpha, gain, clamp, stream);
        case 3: return launch<__nv_bfloat16>(x, b, y, n, stride_c, size_c, act, alpha, gain, clamp, stream);
        default: return (int)cudaErrorInvalidValue;
    }
}
