// upfirdn2d CUDA kernel: zero-insertion upsampling, pad/crop, FIR filter, downsampling, in one pass.
// One thread per output pixel loops over the filter taps (simple and correct, not tuned).
// No torch headers here: the binding in upfirdn2d.cpp passes raw pointers, sizes and strides.
#include "dtype.cuh"


struct Geometry {
    int64_t N, C, H, W, Ho, Wo;       // input and output sizes
    int64_t xs[4], ys[4];             // strides (elements) of x and y in N, C, H, W order
    int fh, fw, upx, upy, downx, downy, padx0, pady0;
    int flip;                         // 1 = correlation (taps as given), 0 = convolution (taps flipped)
};

// y[n, c, oy, ox] = gain * sum_{ty, tx} g[ty, tx] * u[oy * downy + ty - pady0, ox * downx + tx - padx0], where u is x
// upsampled by zero insertion (u[a, b] = x[a / upy, b / upx] when both divide, else 0) and g is f, flipped unless
// flip. A: accumulator type (float, or double for double); f is [fh, fw] contiguous of type A.
template <typename T, typename A>
__global__ void upfirdn2d_kernel(const T* x, const A* f, T* y, Geometry g, A gain) {
    const int64_t total = g.N * g.C * g.Ho * g.Wo;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total; i += (int64_t)blockDim.x * gridDim.x) {
        const int64_t ox = i % g.Wo, oy = (i / g.Wo) % g.Ho, c = (i / (g.Wo * g.Ho)) % g.C, n = i / (g.Wo * g.Ho * g.C);
        const T* xp = x + n * g.xs[0] + c * g.xs[1];
        A acc = 0;
        for (int ty = 0; ty < g.fh; ty++) {
            const int64_t a = oy * g.downy + ty - g.pady0;  // row in the upsampled input
            if (a < 0 || a % g.upy != 0) continue;
            const int64_t iy = a / g.upy;
            if (iy >= g.H) continue;
            const int fy = g.flip ? ty : g.fh - 1 - ty;
            for (int tx = 0; tx < g.fw; tx++) {
                const int64_t bcol = ox * g.downx + tx - g.padx0;
                if (bcol < 0 || bcol % g.upx != 0) continue;
                const int64_t ix = bcol / g.upx;
                if (ix >= g.W) continue;
                const int fx = g.flip ? tx : g.fw - 1 - tx;
                acc += f[fy * g.fw + fx] * (A)to_acc(xp[iy * g.xs[2] + ix * g.xs[3]]);
            }
        }
        store(y + n * g.ys[0] + c * g.ys[1] + oy * g.ys[2] + ox * g.ys[3], acc * gain);
    }
}

template <typename T, typename A>
static int launch(const void* x, const void* f, void* y, const Geometry& g, double gain, cudaStream_t stream) {
    const int64_t total = g.N * g.C * g.Ho * g.Wo;
    if (total == 0) return 0;
    const int threads = 256;
    int64_t blocks = (total + threads - 1) / threads;
    if (blocks > 65535 * 16) blocks = 65535 * 16;
    upfirdn2d_kernel<T, A><<<(unsigned)blocks, threads, 0, stream>>>((const T*)x, (const A*)f, (T*)y, g, (A)gain);
    return (int)cudaGetLastError();
}

// dtype: 0 float32, 1 float64, 2 float16, 3 bfloat16; f is float64 for float64 x, else float32. sizes = N, C, H, W,
// Ho, Wo; xs, ys = strides of x and y; params = fh, fw, upx, upy, downx, downy, padx0, pady0, flip.
// Returns a cudaError_t.
extern "C" int t2igan_upfirdn2d_launch(int dtype, const void* x, const void* f, void* y, const int64_t* sizes,
                                       const int64_t* xs, const int64_t* ys, const int* params, double gain,
                                       cudaStream_t stream) {
    Geometry g;
    g.N = sizes[0]; g.C = sizes[1]; g.H = sizes[2]; g.W = sizes[3]; g.Ho = sizes[4]; g.Wo = sizes[5];
    for (int k = 0; k < 4; k++) { g.xs[k] = xs[k]; g.ys[k] = ys[k]; }
    g.fh = params[0]; g.fw = params[1]; g.upx = params[2]; g.upy = params[3]; g.downx = params[4]; g.downy = params[5];
    g.padx0 = params[6]; g.pady0 = params[7]; g.flip = params[8];
    switch (dtype) {
        case 0: return launch<float, float>(x, f, y, g, gain, stream);
        case 1: return launch<double, double>(x, f, y, g, gain, stream);
        case 2: return launch<__half, float>(x, f, y, g, gain, stream);
        case 3: return launch<__nv_bfloat16, float>(x, f, y, g, gain, stream);
        default: return (int)cudaErrorInvalidValue;
    }
}
