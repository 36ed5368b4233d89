//===- libtorch/stubs/torch/torch.h - LibTorch's C++ API as declared -*- C++ -*-===//
//
// The part of LibTorch's C++ API (1.13 to 2.x) that model definitions use,
// declared without bodies, for wattlint-cxx to parse model sources quickly and
// without libtorch. Its shapes are the real headers' where the front end reads
// the AST: layers are ModuleHolder<XImpl> holders made by TORCH_MODULE, Options
// classes have one setter per field named after it (TORCH_ARG), and
// ExpandingArray, IntArrayRef and TensorIndex convert implicitly from a number
// or a braced list. Built into the binary; #include <torch/torch.h> finds it.
//
//===----------------------------------------------------------------------===//
#pragma once

// libstdc++ declares the instantiations its library holds (`extern
// template class basic_string<wchar_t>;`, the streams, the locale facets),
// and Clang instantiates each class where it reads one, though for reading
// a source they say only that no code is to be emitted. When the stubs
// come first, the standard headers are read without them.
#if __has_include(<bits/c++config.h>)
#include <bits/c++config.h>
#if defined(__GLIBCXX__) && defined(_GLIBCXX_EXTERN_TEMPLATE)
#undef _GLIBCXX_EXTERN_TEMPLATE
#define _GLIBCXX_EXTERN_TEMPLATE 0
#endif
#endif

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

// The standard library the API needs, and what LibTorch's headers make
// visible to a model's source without it including them: the C math
// functions (sqrt, pow, ...) unqualified and in std, and std::function.
// With libstdc++, not through <cmath> and <functional>: in C++17 <cmath>
// brings the special functions and <functional> the searchers with
// <unordered_map> and <bits/stl_algo.h>, together 40% of the time the stubs
// take to parse without their cached precompiled header; glibc's <math.h>
// declares each function for six floating types, another 6%. The functions
// are declared here as glibc declares them (extern "C", noexcept), for
// double and float, with the constants a model uses; a source that includes
// <cmath> or <math.h> gets the rest, and the declarations agree.
#if defined(__GLIBCXX__) && defined(__GLIBC__) && __has_include(<bits/std_function.h>)
#include <bits/std_function.h>
extern "C" {
double acos(double) noexcept;
float acosf(float) noexcept;
double asin(double) noexcept;
float asinf(float) noexcept;
double atan(double) noexcept;
float atanf(float) noexcept;
double cbrt(double) noexcept;
float cbrtf(float) noexcept;
double ceil(double) noexcept;
float ceilf(float) noexcept;
double cos(double) noexcept;
float cosf(float) noexcept;
double cosh(double) noexcept;
float coshf(float) noexcept;
double erf(double) noexcept;
float erff(float) noexcept;
double exp(double) noexcept;
float expf(float) noexcept;
double exp2(double) noexcept;
float exp2f(float) noexcept;
double expm1(double) noexcept;
float expm1f(float) noexcept;
double fabs(double) noexcept;
float fabsf(float) noexcept;
double floor(double) noexcept;
float floorf(float) noexcept;
double log(double) noexcept;
float logf(float) noexcept;
double log10(double) noexcept;
float log10f(float) noexcept;
double log1p(double) noexcept;
float log1pf(float) noexcept;
double log2(double) noexcept;
float log2f(float) noexcept;
double round(double) noexcept;
float roundf(float) noexcept;
double sin(double) noexcept;
float sinf(float) noexcept;
double sinh(double) noexcept;
float sinhf(float) noexcept;
double sqrt(double) noexcept;
float sqrtf(float) noexcept;
double tan(double) noexcept;
float tanf(float) noexcept;
double tanh(double) noexcept;
float tanhf(float) noexcept;
double trunc(double) noexcept;
float truncf(float) noexcept;
double atan2(double, double) noexcept;
float atan2f(float, float) noexcept;
double fmax(double, double) noexcept;
float fmaxf(float, float) noexcept;
double fmin(double, double) noexcept;
float fminf(float, float) noexcept;
double fmod(double, double) noexcept;
float fmodf(float, float) noexcept;
double hypot(double, double) noexcept;
float hypotf(float, float) noexcept;
double pow(double, double) noexcept;
float powf(float, float) noexcept;
long lround(double) noexcept;
long lroundf(float) noexcept;
}
#ifndef M_PI
#define M_E 2.7182818284590452354
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440
#endif
// As glibc spells them, spaces too: a redefinition must be identical.
// clang-format off
#ifndef INFINITY
#define HUGE_VAL (__builtin_huge_val ())
#define INFINITY (__builtin_inff ())
#define NAN (__builtin_nanf (""))
#endif
// clang-format on
namespace std {
using ::acos;
using ::asin;
using ::atan;
using ::atan2;
using ::cbrt;
using ::ceil;
using ::cos;
using ::cosh;
using ::erf;
using ::exp;
using ::exp2;
using ::expm1;
using ::fabs;
using ::floor;
using ::fmax;
using ::fmin;
using ::fmod;
using ::hypot;
using ::log;
using ::log10;
using ::log1p;
using ::log2;
using ::lround;
using ::pow;
using ::round;
using ::sin;
using ::sinh;
using ::sqrt;
using ::tan;
using ::tanh;
using ::trunc;
// The classification functions for a floating argument, as templates: the
// overloads <cmath> declares for float, double and long double are chosen
// over them where it is included too, and its template for integers never
// competes with these.
template <typename T, typename = enable_if_t<is_floating_point_v<T>>> bool isnan(T) noexcept;
template <typename T, typename = enable_if_t<is_floating_point_v<T>>> bool isinf(T) noexcept;
template <typename T, typename = enable_if_t<is_floating_point_v<T>>> bool isfinite(T) noexcept;
} // namespace std
#else
#include <cmath>
#include <functional>
#endif

namespace c10 {
using std::nullopt;
using std::nullopt_t;
using std::optional;

/// An optional argument of a free function with a default (softmax's
/// dtype, argmax's dim): what converts to std::optional<T> converts to it
/// (nothing, a T or what makes one, an optional). Not std::optional itself,
/// whose default argument makes Clang instantiate it, constraints and all,
/// where the function is declared.
template <typename T> struct OptionalArg {
  OptionalArg(nullopt_t);
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U &&>>>
  OptionalArg(U &&Value);
  OptionalArg(const optional<T> &Value);
};

template <typename T> class ArrayRef {
public:
  ArrayRef();
  ArrayRef(const T &One);
  ArrayRef(std::initializer_list<T> List);
  ArrayRef(const std::vector<T> &Vec);
  template <size_t N> ArrayRef(const std::array<T, N> &Arr);
  size_t size() const;
  const T &operator[](size_t I) const;
  const T *begin() const;
  const T *end() const;
  std::vector<T> vec() const;
  ArrayRef<T> slice(size_t N) const;
  ArrayRef<T> slice(size_t N, size_t M) const;
};
using IntArrayRef = ArrayRef<int64_t>;

enum class ScalarType : int8_t {
  Byte,
  Char,
  Short,
  Int,
  Long,
  Half,
  Float,
  Double,
  Bool,
  BFloat16
};
enum class DeviceType : int8_t { CPU, CUDA, MPS };

struct Device {
  Device(DeviceType Type, int Index = -1);
  Device(const std::string &Spec);
  bool is_cuda() const;
  bool is_cpu() const;
};

class Scalar {
public:
  Scalar();
  Scalar(int V);
  Scalar(int64_t V);
  Scalar(double V);
  Scalar(float V);
  Scalar(bool V);
  template <typename T> T to() const;
};
} // namespace c10

namespace at {
using c10::IntArrayRef;
using c10::nullopt;
using c10::optional;
using c10::Scalar;
using c10::ScalarType;
using Dtype = c10::ScalarType;
using c10::Device;
using c10::DeviceType;

constexpr ScalarType kByte = ScalarType::Byte, kInt8 = ScalarType::Char, kInt = ScalarType::Int,
                     kInt32 = ScalarType::Int, kLong = ScalarType::Long, kInt64 = ScalarType::Long,
                     kHalf = ScalarType::Half, kFloat16 = ScalarType::Half,
                     kFloat = ScalarType::Float, kFloat32 = ScalarType::Float,
                     kDouble = ScalarType::Double, kFloat64 = ScalarType::Double,
                     kBool = ScalarType::Bool, kBFloat16 = ScalarType::BFloat16;
constexpr DeviceType kCPU = DeviceType::CPU, kCUDA = DeviceType::CUDA, kMPS = DeviceType::MPS;

struct TensorOptions;
TensorOptions requires_grad(bool On = true);
TensorOptions dtype(ScalarType Type);
TensorOptions device(Device D);
struct TensorOptions {
  TensorOptions();
  TensorOptions(ScalarType Type);
  TensorOptions(Device D);
  TensorOptions(DeviceType D);
  TensorOptions dtype(ScalarType Type) const;
  TensorOptions device(Device D) const;
  TensorOptions requires_grad(bool On = true) const;
};

class Tensor;
using TensorList = c10::ArrayRef<Tensor>;

namespace indexing {
struct EllipsisIndexType {
  EllipsisIndexType() = default;
};
constexpr EllipsisIndexType Ellipsis;
constexpr c10::nullopt_t None = c10::nullopt;
class Slice {
public:
  Slice();
  Slice(std::optional<int64_t> Start);
  Slice(std::optional<int64_t> Start, std::optional<int64_t> Stop);
  Slice(std::optional<int64_t> Start, std::optional<int64_t> Stop, std::optional<int64_t> Step);
};
class TensorIndex {
public:
  TensorIndex(c10::nullopt_t);
  TensorIndex(int64_t Index);
  TensorIndex(int Index);
  TensorIndex(bool Value);
  TensorIndex(Slice S);
  TensorIndex(EllipsisIndexType);
  TensorIndex(const char *Str);
  TensorIndex(Tensor T);
};
} // namespace indexing

class Tensor {
public:
  Tensor();
  int64_t size(int64_t Dim) const;
  IntArrayRef sizes() const;
  int64_t dim() const;
  int64_t numel() const;
  bool defined() const;
  ScalarType scalar_type() const;
  Device device() const;
  TensorOptions options() const;
  template <typename T> T item() const;
  template <typename T> T *data_ptr() const;
  // Training, in main(): declared so that the loop compiles; not costed.
  Tensor &requires_grad_(bool On = true);
  bool requires_grad() const;
  void backward(const Tensor &Gradient = Tensor()) const;
  void backward(const Tensor &Gradient, std::optional<bool> RetainGraph,
                bool CreateGraph = false) const;
  Tensor grad() const;
  Tensor &fill_(const Scalar &Value);
  Tensor &zero_();
  Tensor cpu() const;
  Tensor cuda() const;
  Scalar item() const;
  Tensor norm() const;
  Tensor eq(const Tensor &Other) const;
  Tensor eq(const Scalar &Other) const;

  Tensor view(IntArrayRef Size) const;
  Tensor reshape(IntArrayRef Shape) const;
  Tensor flatten(int64_t StartDim = 0, int64_t EndDim = -1) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t Dim) const;
  Tensor unsqueeze(int64_t Dim) const;
  Tensor &unsqueeze_(int64_t Dim);
  Tensor &squeeze_(int64_t Dim);
  Tensor permute(IntArrayRef Dims) const;
  Tensor transpose(int64_t Dim0, int64_t Dim1) const;
  Tensor &transpose_(int64_t Dim0, int64_t Dim1);
  Tensor t() const;
  Tensor contiguous() const;
  Tensor clone() const;
  Tensor detach() const;
  Tensor index(c10::ArrayRef<indexing::TensorIndex> Indices) const;
  Tensor index(std::initializer_list<indexing::TensorIndex> Indices) const;
  Tensor &index_put_(c10::ArrayRef<indexing::TensorIndex> Indices, const Tensor &Rhs);
  Tensor &index_put_(c10::ArrayRef<indexing::TensorIndex> Indices, const Scalar &Rhs);
  Tensor &index_put_(std::initializer_list<indexing::TensorIndex> Indices, const Tensor &Rhs);
  Tensor &index_put_(std::initializer_list<indexing::TensorIndex> Indices, const Scalar &Rhs);
  Tensor select(int64_t Dim, int64_t Index) const;
  Tensor narrow(int64_t Dim, int64_t Start, int64_t Length) const;
  Tensor slice(int64_t Dim = 0) const;
  Tensor slice(int64_t Dim, std::optional<int64_t> Start) const;
  Tensor slice(int64_t Dim, std::optional<int64_t> Start, std::optional<int64_t> End,
               int64_t Step = 1) const;
  std::vector<Tensor> chunk(int64_t Chunks, int64_t Dim = 0) const;
  std::vector<Tensor> split(int64_t SplitSize, int64_t Dim = 0) const;
  Tensor operator[](int64_t Index) const;
  Tensor to(ScalarType Type) const;
  Tensor to(Device D) const;
  Tensor to(Device D, ScalarType Type) const;

  Tensor relu() const;
  Tensor relu_();
  Tensor sigmoid() const;
  Tensor tanh() const;
  Tensor exp() const;
  Tensor log() const;
  Tensor sin() const;
  Tensor cos() const;
  Tensor triu(int64_t Diagonal = 0) const;
  Tensor tril(int64_t Diagonal = 0) const;
  Tensor masked_fill(const Tensor &Mask, const Scalar &Value) const;
  Tensor multinomial(int64_t NumSamples, bool Replacement = false) const;
  Tensor sqrt() const;
  Tensor abs() const;
  Tensor neg() const;
  Tensor softmax(int64_t Dim) const;
  Tensor log_softmax(int64_t Dim) const;
  Tensor matmul(const Tensor &Other) const;
  Tensor mm(const Tensor &Other) const;
  Tensor bmm(const Tensor &Other) const;
  Tensor add(const Tensor &Other) const;
  Tensor add(const Scalar &Other) const;
  Tensor &add_(const Tensor &Other);
  Tensor sub(const Tensor &Other) const;
  Tensor mul(const Tensor &Other) const;
  Tensor mul(const Scalar &Other) const;
  Tensor &mul_(const Tensor &Other);
  Tensor div(const Tensor &Other) const;
  Tensor div(const Scalar &Other) const;
  Tensor &div_(const Scalar &Other);
  Tensor &exp_();
  Tensor pow(const Scalar &Exponent) const;
  Tensor pow(const Tensor &Exponent) const;
  Tensor square() const;
  Tensor rsqrt() const;
  Tensor reciprocal() const;
  Tensor erf() const;
  Tensor floor() const;
  Tensor ceil() const;
  Tensor round() const;
  Tensor sign() const;
  Tensor clamp() const;
  Tensor clamp(std::optional<Scalar> Min) const;
  Tensor clamp(std::optional<Scalar> Min, std::optional<Scalar> Max) const;
  Tensor clamp_min(const Scalar &Min) const;
  Tensor clamp_max(const Scalar &Max) const;
  Tensor maximum(const Tensor &Other) const;
  Tensor minimum(const Tensor &Other) const;
  Tensor repeat(IntArrayRef Repeats) const;
  Tensor repeat_interleave(int64_t Repeats) const;
  Tensor repeat_interleave(int64_t Repeats, std::optional<int64_t> Dim) const;
  Tensor outer(const Tensor &Vec2) const;
  Tensor expand(IntArrayRef Size) const;
  Tensor cumsum(int64_t Dim) const;
  Tensor argmin() const;
  Tensor argmin(std::optional<int64_t> Dim, bool KeepDim = false) const;
  std::tuple<Tensor, Tensor> min(int64_t Dim, bool KeepDim = false) const;
  Tensor min() const;
  Tensor sum() const;
  Tensor sum(IntArrayRef Dim, bool KeepDim = false) const;
  Tensor mean() const;
  Tensor mean(IntArrayRef Dim, bool KeepDim = false) const;
  Tensor argmax() const;
  Tensor argmax(std::optional<int64_t> Dim, bool KeepDim = false) const;
  std::tuple<Tensor, Tensor> max(int64_t Dim, bool KeepDim = false) const;
  Tensor max() const;

  Tensor &operator+=(const Tensor &Other);
  Tensor &operator+=(const Scalar &Other);
  Tensor &operator-=(const Tensor &Other);
  Tensor &operator*=(const Tensor &Other);
  Tensor &operator*=(const Scalar &Other);
  Tensor &operator/=(const Tensor &Other);
  Tensor &operator/=(const Scalar &Other);
  Tensor operator-() const;
};

Tensor operator+(const Tensor &A, const Tensor &B);
Tensor operator+(const Tensor &A, const Scalar &B);
Tensor operator+(const Scalar &A, const Tensor &B);
Tensor operator-(const Tensor &A, const Tensor &B);
Tensor operator-(const Tensor &A, const Scalar &B);
Tensor operator-(const Scalar &A, const Tensor &B);
Tensor operator*(const Tensor &A, const Tensor &B);
Tensor operator*(const Tensor &A, const Scalar &B);
Tensor operator*(const Scalar &A, const Tensor &B);
Tensor operator/(const Tensor &A, const Tensor &B);
Tensor operator/(const Tensor &A, const Scalar &B);
Tensor operator/(const Scalar &A, const Tensor &B);
Tensor operator==(const Tensor &A, const Tensor &B);
Tensor operator==(const Tensor &A, const Scalar &B);
Tensor operator!=(const Tensor &A, const Tensor &B);
Tensor operator!=(const Tensor &A, const Scalar &B);
Tensor operator<(const Tensor &A, const Tensor &B);
Tensor operator<(const Tensor &A, const Scalar &B);
Tensor operator>(const Tensor &A, const Tensor &B);
Tensor operator>(const Tensor &A, const Scalar &B);
Tensor operator<=(const Tensor &A, const Scalar &B);
Tensor operator>=(const Tensor &A, const Scalar &B);

Tensor relu(const Tensor &Self);
Tensor relu_(Tensor &Self);
Tensor leaky_relu(const Tensor &Self, const Scalar &NegativeSlope = 0.01);
Tensor gelu(const Tensor &Self);
Tensor silu(const Tensor &Self);
Tensor mish(const Tensor &Self);
Tensor elu(const Tensor &Self, const Scalar &Alpha = 1);
Tensor selu(const Tensor &Self);
Tensor hardswish(const Tensor &Self);
Tensor hardsigmoid(const Tensor &Self);
Tensor softplus(const Tensor &Self, const Scalar &Beta = 1, const Scalar &Threshold = 20);
Tensor hardtanh(const Tensor &Self, const Scalar &MinVal = -1, const Scalar &MaxVal = 1);
Tensor pixel_shuffle(const Tensor &Self, int64_t UpscaleFactor);
Tensor sigmoid(const Tensor &Self);
Tensor tanh(const Tensor &Self);
Tensor exp(const Tensor &Self);
Tensor log(const Tensor &Self);
Tensor sqrt(const Tensor &Self);
Tensor sin(const Tensor &Self);
Tensor cos(const Tensor &Self);
Tensor square(const Tensor &Self);
Tensor rsqrt(const Tensor &Self);
Tensor reciprocal(const Tensor &Self);
Tensor erf(const Tensor &Self);
Tensor floor(const Tensor &Self);
Tensor ceil(const Tensor &Self);
Tensor round(const Tensor &Self);
Tensor sign(const Tensor &Self);
Tensor pow(const Tensor &Self, const Scalar &Exponent);
Tensor pow(const Tensor &Self, const Tensor &Exponent);
Tensor pow(const Scalar &Self, const Tensor &Exponent);
Tensor outer(const Tensor &Self, const Tensor &Vec2);
Tensor repeat_interleave(const Tensor &Self, int64_t Repeats,
                         c10::OptionalArg<int64_t> Dim = std::nullopt);
Tensor clamp(const Tensor &Self, c10::OptionalArg<Scalar> Min = std::nullopt,
             c10::OptionalArg<Scalar> Max = std::nullopt);
Tensor clamp_min(const Tensor &Self, const Scalar &Min);
Tensor clamp_max(const Tensor &Self, const Scalar &Max);
Tensor maximum(const Tensor &Self, const Tensor &Other);
Tensor minimum(const Tensor &Self, const Tensor &Other);
Tensor max(const Tensor &Self);
std::tuple<Tensor, Tensor> max(const Tensor &Self, int64_t Dim, bool KeepDim = false);
Tensor max(const Tensor &Self, const Tensor &Other);
Tensor min(const Tensor &Self);
std::tuple<Tensor, Tensor> min(const Tensor &Self, int64_t Dim, bool KeepDim = false);
Tensor min(const Tensor &Self, const Tensor &Other);
Tensor argmax(const Tensor &Self, c10::OptionalArg<int64_t> Dim = std::nullopt,
              bool KeepDim = false);
Tensor argmin(const Tensor &Self, c10::OptionalArg<int64_t> Dim = std::nullopt,
              bool KeepDim = false);
Tensor cumsum(const Tensor &Self, int64_t Dim);
Tensor einsum(const std::string &Equation, TensorList Tensors);
Tensor triu(const Tensor &Self, int64_t Diagonal = 0);
Tensor tril(const Tensor &Self, int64_t Diagonal = 0);
Tensor masked_fill(const Tensor &Self, const Tensor &Mask, const Scalar &Value);
Tensor where(const Tensor &Condition, const Tensor &Self, const Tensor &Other);
Tensor multinomial(const Tensor &Self, int64_t NumSamples, bool Replacement = false);
Tensor softmax(const Tensor &Self, int64_t Dim, c10::OptionalArg<ScalarType> Type = std::nullopt);
Tensor log_softmax(const Tensor &Self, int64_t Dim,
                   c10::OptionalArg<ScalarType> Type = std::nullopt);
Tensor dropout(const Tensor &Input, double P, bool Train);
Tensor max_pool1d(const Tensor &Self, IntArrayRef KernelSize, IntArrayRef Stride = {},
                  IntArrayRef Padding = 0, IntArrayRef Dilation = 1, bool CeilMode = false);
Tensor max_pool2d(const Tensor &Self, IntArrayRef KernelSize, IntArrayRef Stride = {},
                  IntArrayRef Padding = 0, IntArrayRef Dilation = 1, bool CeilMode = false);
Tensor avg_pool1d(const Tensor &Self, IntArrayRef KernelSize, IntArrayRef Stride = {},
                  IntArrayRef Padding = 0, bool CeilMode = false, bool CountIncludePad = true);
Tensor avg_pool2d(const Tensor &Self, IntArrayRef KernelSize, IntArrayRef Stride = {},
                  IntArrayRef Padding = 0, bool CeilMode = false, bool CountIncludePad = true,
                  c10::OptionalArg<int64_t> DivisorOverride = std::nullopt);
Tensor adaptive_avg_pool2d(const Tensor &Self, IntArrayRef OutputSize);
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor &Self, IntArrayRef OutputSize);
Tensor flatten(const Tensor &Self, int64_t StartDim = 0, int64_t EndDim = -1);
Tensor reshape(const Tensor &Self, IntArrayRef Shape);
Tensor cat(TensorList Tensors, int64_t Dim = 0);
Tensor stack(TensorList Tensors, int64_t Dim = 0);
Tensor matmul(const Tensor &Self, const Tensor &Other);
Tensor mm(const Tensor &Self, const Tensor &Other);
Tensor addmm(const Tensor &Self, const Tensor &Mat1, const Tensor &Mat2, const Scalar &Beta = 1,
             const Scalar &Alpha = 1);
Tensor bmm(const Tensor &Self, const Tensor &Other);
Tensor add(const Tensor &Self, const Tensor &Other);
Tensor mul(const Tensor &Self, const Tensor &Other);
Tensor transpose(const Tensor &Self, int64_t Dim0, int64_t Dim1);
Tensor squeeze(const Tensor &Self, int64_t Dim);
Tensor unsqueeze(const Tensor &Self, int64_t Dim);
Tensor mean(const Tensor &Self, IntArrayRef Dim, bool KeepDim = false);
Tensor sum(const Tensor &Self, IntArrayRef Dim, bool KeepDim = false);
Tensor zeros(IntArrayRef Size, TensorOptions Options = {});
Tensor randn_like(const Tensor &Self, TensorOptions Options = {});
Tensor zeros_like(const Tensor &Self, TensorOptions Options = {});
Tensor empty_like(const Tensor &Self, TensorOptions Options = {});
int64_t size(const Tensor &Self, int64_t Dim);
Tensor _unsafe_view(const Tensor &Self, IntArrayRef Size);
Tensor ones(IntArrayRef Size, TensorOptions Options = {});
Tensor empty(IntArrayRef Size, TensorOptions Options = {});
Tensor randn(IntArrayRef Size, TensorOptions Options = {});
Tensor rand(IntArrayRef Size, TensorOptions Options = {});
Tensor full(IntArrayRef Size, const Scalar &Fill, TensorOptions Options = {});
Tensor tensor(c10::ArrayRef<double> Values, TensorOptions Options = {});
Tensor arange(const Scalar &End, TensorOptions Options = {});
Tensor arange(const Scalar &Start, const Scalar &End, TensorOptions Options = {});
Tensor arange(const Scalar &Start, const Scalar &End, const Scalar &Step,
              TensorOptions Options = {});
} // namespace at

namespace torch {
using namespace at;
using at::Tensor;

/// Options of a layer or function: a field and a setter named alike, which
/// returns the Options object so that setters chain.
/// No field (LibTorch's `T name_`): a field would make Clang instantiate T
/// (std::optional<int64_t>, std::vector<...>) for every Options class, most
/// of the time the stubs take to parse; a setter's call does when it is made.
#define TORCH_ARG(T, name)                                                                         \
public:                                                                                            \
  auto name(const T &new_##name)->decltype(*this);                                                 \
  const T &name() const noexcept;                                                                  \
                                                                                                   \
private:                                                                                           \
  using name##_type = T

template <size_t D, typename T = int64_t> class ExpandingArray {
public:
  ExpandingArray(T Single);
  ExpandingArray(std::initializer_list<T> List);
  ExpandingArray(c10::ArrayRef<T> Values);
  ExpandingArray(const std::vector<T> &Values);
  T &operator[](size_t I);
  size_t size() const;
};

template <typename T> class OrderedDict;

namespace enumtype {
struct kValid {};
struct kSame {};
struct kZeros {};
struct kReflect {};
struct kReplicate {};
struct kCircular {};
struct kTanh {};
struct kReLU {};
struct kGELU {};
struct kMean {};
struct kSum {};
struct kNone {};
struct kNearest {};
struct kLinear {};
struct kBilinear {};
struct kBicubic {};
struct kTrilinear {};
struct kConstant {};
} // namespace enumtype
extern const enumtype::kValid kValid;
extern const enumtype::kSame kSame;
extern const enumtype::kZeros kZeros;
extern const enumtype::kReflect kReflect;
extern const enumtype::kReplicate kReplicate;
extern const enumtype::kCircular kCircular;
extern const enumtype::kTanh kTanh;
extern const enumtype::kReLU kReLU;
extern const enumtype::kGELU kGELU;
extern const enumtype::kMean kMean;
extern const enumtype::kSum kSum;
extern const enumtype::kNone kNone;
extern const enumtype::kNearest kNearest;
extern const enumtype::kLinear kLinear;
extern const enumtype::kBilinear kBilinear;
extern const enumtype::kBicubic kBicubic;
extern const enumtype::kTrilinear kTrilinear;
extern const enumtype::kConstant kConstant;

struct NoGradGuard {
  NoGradGuard();
  ~NoGradGuard();
};
void manual_seed(uint64_t Seed);
namespace cuda {
bool is_available();
int64_t device_count();
} // namespace cuda
template <typename Value> void save(const Value &V, const std::string &Path);
template <typename Value> void load(Value &V, const std::string &Path);

namespace nn {
class Module;
template <typename Contained> class ModuleHolder;

template <typename T, typename = void> struct ImplOf { using type = T; };
template <typename T> struct ImplOf<T, std::void_t<typename T::ContainedType>> {
  using type = typename T::ContainedType;
};

/// A module: its submodules, parameters and buffers by name.
// (shared_from_this() declared, not inherited: std::enable_shared_from_this
// would instantiate it and std::weak_ptr wherever the stubs are read.)
class Module {
public:
  std::shared_ptr<Module> shared_from_this();
  std::shared_ptr<const Module> shared_from_this() const;
  Module();
  explicit Module(std::string Name);
  virtual ~Module();
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string Name,
                                              std::shared_ptr<ModuleType> Submodule);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string Name, ModuleHolder<ModuleType> Holder);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string &Name,
                                             ModuleHolder<ModuleType> Holder);
  Tensor &register_parameter(std::string Name, Tensor T, bool RequiresGrad = true);
  Tensor &register_buffer(std::string Name, Tensor T);
  std::vector<Tensor> parameters(bool Recurse = true) const;
  std::vector<Tensor> buffers(bool Recurse = true) const;
  std::vector<std::shared_ptr<Module>> modules(bool IncludeSelf = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  virtual void train(bool On = true);
  void eval();
  virtual bool is_training() const noexcept;
  virtual void to(Device D, bool NonBlocking = false);
  virtual void to(ScalarType Type, bool NonBlocking = false);
  virtual void to(Device D, ScalarType Type, bool NonBlocking = false);
  virtual void zero_grad(bool SetToNone = true);
  void apply(const std::function<void(Module &)> &Fn);
  const std::string &name() const noexcept;
  /// as<Linear>() (a holder) gives the LinearImpl, as<LinearImpl>() too.
  template <typename ModuleType> typename ImplOf<ModuleType>::type *as() noexcept;
};

template <typename Derived> class Cloneable : public Module {
public:
  using Module::Module;
  virtual void reset();
};

/// A shared pointer to a module (what TORCH_MODULE names): -> and * reach
/// the module, () calls its forward().
template <typename Contained> class ModuleHolder {
public:
  using ContainedType = Contained;
  ModuleHolder();
  ModuleHolder(std::nullptr_t);
  template <
      typename Head, typename... Tail,
      typename = std::enable_if_t<!std::is_same_v<std::decay_t<Head>, std::nullptr_t> &&
                                  !std::is_same_v<std::decay_t<Head>, std::shared_ptr<Contained>>>>
  explicit ModuleHolder(Head &&First, Tail &&...Rest);
  ModuleHolder(std::shared_ptr<Contained> Module);
  Contained *operator->();
  const Contained *operator->() const;
  Contained &operator*();
  const Contained &operator*() const;
  const std::shared_ptr<Contained> &ptr() const;
  Contained *get();
  const Contained *get() const;
  template <typename... Args, typename C = Contained>
  auto operator()(Args &&...As) -> decltype(std::declval<C &>().forward(As...));
  /// list[0], dict["cls"]: the contained module's operator[].
  template <typename Arg, typename C = Contained>
  auto operator[](Arg &&Key) -> decltype(std::declval<C &>()[std::forward<Arg>(Key)]);
  bool is_empty() const noexcept;
  explicit operator bool() const noexcept;
};

// The holder's constructors are ModuleHolder's, declared again rather than
// inherited (`using ModuleHolder::ModuleHolder`): Clang makes an inheriting
// constructor per base constructor and holder, about half the time the
// stubs' hundred holders take to parse.
#define WATTLINT_HOLDER_BODY(Name, ImplType)                                                       \
public:                                                                                            \
  using Impl = ImplType;                                                                           \
  Name();                                                                                          \
  Name(std::nullptr_t);                                                                            \
  Name(std::shared_ptr<ImplType> Module);                                                          \
  template <typename Head, typename... Tail,                                                       \
            typename =                                                                             \
                std::enable_if_t<!std::is_same_v<std::decay_t<Head>, std::nullptr_t> &&            \
                                 !std::is_same_v<std::decay_t<Head>, std::shared_ptr<ImplType>>>>  \
  explicit Name(Head &&First, Tail &&...Rest);
#define TORCH_MODULE_IMPL(Name, ImplType)                                                          \
  class Name : public torch::nn::ModuleHolder<ImplType> {                                          \
    WATTLINT_HOLDER_BODY(Name, ImplType)                                                           \
  }
#define TORCH_MODULE(Name) TORCH_MODULE_IMPL(Name, Name##Impl)
/// A built-in layer's holder (torch::nn::Linear): a class template's one
/// specialization, so that ModuleHolder<LinearImpl> is instantiated where a
/// model uses the layer, not for each of the 130 layers the stubs declare
/// (a tenth of the time they take to parse without their cached header).
/// The base is dependent: Clang instantiates a template's other bases where
/// the template is defined.
#define WATTLINT_STUB_MODULE(Name)                                                                 \
  template <typename I = Name##Impl> class Name##Holder : public torch::nn::ModuleHolder<I> {      \
  public:                                                                                          \
    using Impl = I;                                                                                \
    using torch::nn::ModuleHolder<I>::ModuleHolder;                                                \
  };                                                                                               \
  using Name = Name##Holder<>

// ---- Options -------------------------------------------------------------

template <size_t D> struct ConvOptions {
  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size);
  struct padding_t {
    padding_t(ExpandingArray<D> Values);
    padding_t(int64_t Value);
    padding_t(std::initializer_list<int64_t> Values);
    padding_t(enumtype::kValid);
    padding_t(enumtype::kSame);
  };
  struct padding_mode_t {
    padding_mode_t(enumtype::kZeros);
    padding_mode_t(enumtype::kReflect);
    padding_mode_t(enumtype::kReplicate);
    padding_mode_t(enumtype::kCircular);
  };
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(ExpandingArray<D>, kernel_size);
  TORCH_ARG(ExpandingArray<D>, stride);
  TORCH_ARG(padding_t, padding);
  TORCH_ARG(ExpandingArray<D>, dilation);
  TORCH_ARG(int64_t, groups);
  TORCH_ARG(bool, bias);
  TORCH_ARG(padding_mode_t, padding_mode);
  // LibTorch 1.4 and older: a transposed convolution was a Conv with these.
  TORCH_ARG(bool, transposed);
  TORCH_ARG(ExpandingArray<D>, output_padding);

public:
  auto with_bias(bool bias) -> decltype(*this);
};
using Conv1dOptions = ConvOptions<1>;
using Conv2dOptions = ConvOptions<2>;
using Conv3dOptions = ConvOptions<3>;

template <size_t D> struct ConvTransposeOptions {
  ConvTransposeOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size);
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(ExpandingArray<D>, kernel_size);
  TORCH_ARG(ExpandingArray<D>, stride);
  TORCH_ARG(ExpandingArray<D>, padding);
  TORCH_ARG(ExpandingArray<D>, output_padding);
  TORCH_ARG(int64_t, groups);
  TORCH_ARG(bool, bias);
  TORCH_ARG(ExpandingArray<D>, dilation);
};
using ConvTranspose1dOptions = ConvTransposeOptions<1>;
using ConvTranspose2dOptions = ConvTransposeOptions<2>;
using ConvTranspose3dOptions = ConvTransposeOptions<3>;

struct LinearOptions {
  LinearOptions(int64_t in_features, int64_t out_features);
  TORCH_ARG(int64_t, in_features);
  TORCH_ARG(int64_t, out_features);
  TORCH_ARG(bool, bias);

public:
  auto with_bias(bool bias) -> decltype(*this);
};

struct BatchNormOptions {
  BatchNormOptions(int64_t num_features);
  TORCH_ARG(int64_t, num_features);
  TORCH_ARG(double, eps);
  TORCH_ARG(std::optional<double>, momentum);
  TORCH_ARG(bool, affine);
  TORCH_ARG(bool, track_running_stats);
};
using BatchNorm1dOptions = BatchNormOptions;
using BatchNorm2dOptions = BatchNormOptions;
using BatchNorm3dOptions = BatchNormOptions;

struct LayerNormOptions {
  LayerNormOptions(std::vector<int64_t> normalized_shape);
  TORCH_ARG(std::vector<int64_t>, normalized_shape);
  TORCH_ARG(double, eps);
  TORCH_ARG(bool, elementwise_affine);
};

struct DropoutOptions {
  DropoutOptions(double p = 0.5);
  TORCH_ARG(double, p);
  TORCH_ARG(bool, inplace);
};
using Dropout2dOptions = DropoutOptions;
using Dropout3dOptions = DropoutOptions;

template <typename Mode> struct RNNOptionsBase {
  RNNOptionsBase(int64_t input_size, int64_t hidden_size);
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  TORCH_ARG(int64_t, num_layers);
  TORCH_ARG(bool, bias);
  TORCH_ARG(bool, batch_first);
  TORCH_ARG(double, dropout);
  TORCH_ARG(bool, bidirectional);
  TORCH_ARG(int64_t, proj_size);
  // LibTorch 1.4 and older spelled these so.
public:
  auto layers(int64_t num_layers) -> decltype(*this);
  auto with_bias(bool bias) -> decltype(*this);
};
struct LSTMMode {};
struct GRUMode {};
struct RNNMode {};
using LSTMOptions = RNNOptionsBase<LSTMMode>;
using GRUOptions = RNNOptionsBase<GRUMode>;
struct RNNOptions : RNNOptionsBase<RNNMode> {
  using RNNOptionsBase<RNNMode>::RNNOptionsBase;
  struct nonlinearity_t {
    nonlinearity_t(enumtype::kTanh);
    nonlinearity_t(enumtype::kReLU);
  };
  TORCH_ARG(nonlinearity_t, nonlinearity);
};

struct EmbeddingOptions {
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim);
  TORCH_ARG(int64_t, num_embeddings);
  TORCH_ARG(int64_t, embedding_dim);
  TORCH_ARG(std::optional<int64_t>, padding_idx);
  TORCH_ARG(std::optional<double>, max_norm);
  TORCH_ARG(bool, sparse);
};

template <size_t D> struct MaxPoolOptions {
  MaxPoolOptions(ExpandingArray<D> kernel_size);
  TORCH_ARG(ExpandingArray<D>, kernel_size);
  TORCH_ARG(ExpandingArray<D>, stride);
  TORCH_ARG(ExpandingArray<D>, padding);
  TORCH_ARG(ExpandingArray<D>, dilation);
  TORCH_ARG(bool, ceil_mode);
};
using MaxPool1dOptions = MaxPoolOptions<1>;
using MaxPool2dOptions = MaxPoolOptions<2>;
using MaxPool3dOptions = MaxPoolOptions<3>;

template <size_t D> struct AvgPoolOptions {
  AvgPoolOptions(ExpandingArray<D> kernel_size);
  TORCH_ARG(ExpandingArray<D>, kernel_size);
  TORCH_ARG(ExpandingArray<D>, stride);
  TORCH_ARG(ExpandingArray<D>, padding);
  TORCH_ARG(bool, ceil_mode);
  TORCH_ARG(bool, count_include_pad);
  TORCH_ARG(std::optional<int64_t>, divisor_override);
};
using AvgPool1dOptions = AvgPoolOptions<1>;
using AvgPool2dOptions = AvgPoolOptions<2>;
using AvgPool3dOptions = AvgPoolOptions<3>;

template <size_t D> struct AdaptiveAvgPoolOptions {
  AdaptiveAvgPoolOptions(ExpandingArray<D> output_size);
  TORCH_ARG(ExpandingArray<D>, output_size);
};
using AdaptiveAvgPool1dOptions = AdaptiveAvgPoolOptions<1>;
using AdaptiveAvgPool2dOptions = AdaptiveAvgPoolOptions<2>;
using AdaptiveAvgPool3dOptions = AdaptiveAvgPoolOptions<3>;

struct FlattenOptions {
  FlattenOptions();
  TORCH_ARG(int64_t, start_dim);
  TORCH_ARG(int64_t, end_dim);
};
struct ReLUOptions {
  ReLUOptions(bool inplace = false);
  TORCH_ARG(bool, inplace);
};
struct LeakyReLUOptions {
  LeakyReLUOptions();
  TORCH_ARG(double, negative_slope);
  TORCH_ARG(bool, inplace);
};
struct SoftmaxOptions {
  SoftmaxOptions(int64_t dim);
  TORCH_ARG(int64_t, dim);
};
struct LogSoftmaxOptions {
  LogSoftmaxOptions(int64_t dim);
  TORCH_ARG(int64_t, dim);
};
struct GELUOptions {
  GELUOptions();
  TORCH_ARG(std::string, approximate);
};

struct GroupNormOptions {
  GroupNormOptions(int64_t num_groups, int64_t num_channels);
  TORCH_ARG(int64_t, num_groups);
  TORCH_ARG(int64_t, num_channels);
  TORCH_ARG(double, eps);
  TORCH_ARG(bool, affine);
};
struct InstanceNormOptions {
  InstanceNormOptions(int64_t num_features);
  TORCH_ARG(int64_t, num_features);
  TORCH_ARG(double, eps);
  TORCH_ARG(double, momentum);
  TORCH_ARG(bool, affine);
  TORCH_ARG(bool, track_running_stats);
};
using InstanceNorm1dOptions = InstanceNormOptions;
using InstanceNorm2dOptions = InstanceNormOptions;
using InstanceNorm3dOptions = InstanceNormOptions;
struct ELUOptions {
  ELUOptions();
  TORCH_ARG(double, alpha);
  TORCH_ARG(bool, inplace);
};
struct SELUOptions {
  SELUOptions(bool inplace = false);
  TORCH_ARG(bool, inplace);
};
struct SoftplusOptions {
  SoftplusOptions();
  TORCH_ARG(double, beta);
  TORCH_ARG(double, threshold);
};
struct HardtanhOptions {
  HardtanhOptions();
  TORCH_ARG(double, min_val);
  TORCH_ARG(double, max_val);
  TORCH_ARG(bool, inplace);
};
struct PReLUOptions {
  PReLUOptions();
  TORCH_ARG(int64_t, num_parameters);
  TORCH_ARG(double, init);
};
struct UpsampleOptions {
  UpsampleOptions();
  struct mode_t {
    mode_t(enumtype::kNearest);
    mode_t(enumtype::kLinear);
    mode_t(enumtype::kBilinear);
    mode_t(enumtype::kBicubic);
    mode_t(enumtype::kTrilinear);
  };
  TORCH_ARG(std::optional<std::vector<int64_t>>, size);
  TORCH_ARG(std::optional<std::vector<double>>, scale_factor);
  TORCH_ARG(mode_t, mode);
  TORCH_ARG(std::optional<bool>, align_corners);
};
struct PixelShuffleOptions {
  PixelShuffleOptions(int64_t upscale_factor);
  TORCH_ARG(int64_t, upscale_factor);
};
template <size_t D> struct AdaptiveMaxPoolOptions {
  AdaptiveMaxPoolOptions(ExpandingArray<D> output_size);
  TORCH_ARG(ExpandingArray<D>, output_size);
};
using AdaptiveMaxPool1dOptions = AdaptiveMaxPoolOptions<1>;
using AdaptiveMaxPool2dOptions = AdaptiveMaxPoolOptions<2>;
using AdaptiveMaxPool3dOptions = AdaptiveMaxPoolOptions<3>;
/// ZeroPad2d, ConstantPad, ReflectionPad and ReplicationPad: padding per
/// side (left, right, top, bottom, ...), or one for every side.
template <size_t D> struct PadOptions {
  PadOptions(ExpandingArray<D * 2> padding);
  TORCH_ARG(ExpandingArray<D * 2>, padding);
};
template <size_t D> struct ConstantPadOptions {
  ConstantPadOptions(ExpandingArray<D * 2> padding, double value);
  TORCH_ARG(ExpandingArray<D * 2>, padding);
  TORCH_ARG(double, value);
};
using ZeroPad1dOptions = PadOptions<1>;
using ZeroPad2dOptions = PadOptions<2>;
using ZeroPad3dOptions = PadOptions<3>;
using ReflectionPad1dOptions = PadOptions<1>;
using ReflectionPad2dOptions = PadOptions<2>;
using ReflectionPad3dOptions = PadOptions<3>;
using ReplicationPad1dOptions = PadOptions<1>;
using ReplicationPad2dOptions = PadOptions<2>;
using ReplicationPad3dOptions = PadOptions<3>;
using ConstantPad1dOptions = ConstantPadOptions<1>;
using ConstantPad2dOptions = ConstantPadOptions<2>;
using ConstantPad3dOptions = ConstantPadOptions<3>;
struct UnflattenOptions {
  UnflattenOptions(int64_t dim, std::vector<int64_t> sizes);
  TORCH_ARG(int64_t, dim);
  TORCH_ARG(std::vector<int64_t>, sizes);
};

// ---- Layers --------------------------------------------------------------

/// A built-in layer: constructed from its Options (or the Options'
/// positional arguments), with the forward() given (one tensor in, one out,
/// for the layers the front end maps).
#define WATTLINT_LAYER_WITH(Name, OptionsType, ForwardDecl)                                        \
  class Name##Impl : public torch::nn::Module {                                                    \
  public:                                                                                          \
    Name##Impl();                                                                                  \
    template <typename... Args> explicit Name##Impl(Args &&...As);                                 \
    ForwardDecl;                                                                                   \
    OptionsType &options;                                                                          \
    Tensor weight, bias;                                                                           \
  };                                                                                               \
  WATTLINT_STUB_MODULE(Name)
#define WATTLINT_STUB_LAYER(Name, OptionsType)                                                     \
  WATTLINT_LAYER_WITH(Name, OptionsType, Tensor forward(const Tensor &Input))

WATTLINT_STUB_LAYER(Conv1d, Conv1dOptions);
WATTLINT_STUB_LAYER(Conv2d, Conv2dOptions);
WATTLINT_STUB_LAYER(Conv3d, Conv3dOptions);
WATTLINT_STUB_LAYER(ConvTranspose1d, ConvTranspose1dOptions);
WATTLINT_STUB_LAYER(ConvTranspose2d, ConvTranspose2dOptions);
WATTLINT_STUB_LAYER(ConvTranspose3d, ConvTranspose3dOptions);
WATTLINT_STUB_LAYER(Linear, LinearOptions);
WATTLINT_STUB_LAYER(BatchNorm1d, BatchNorm1dOptions);
WATTLINT_STUB_LAYER(BatchNorm2d, BatchNorm2dOptions);
WATTLINT_STUB_LAYER(BatchNorm3d, BatchNorm3dOptions);
WATTLINT_STUB_LAYER(LayerNorm, LayerNormOptions);
WATTLINT_STUB_LAYER(Dropout, DropoutOptions);
WATTLINT_STUB_LAYER(Dropout2d, Dropout2dOptions);
WATTLINT_STUB_LAYER(Dropout3d, Dropout3dOptions);
WATTLINT_STUB_LAYER(AlphaDropout, DropoutOptions);
WATTLINT_STUB_LAYER(FeatureAlphaDropout, DropoutOptions);
// LibTorch 1.4 and older names.
WATTLINT_STUB_LAYER(FeatureDropout, DropoutOptions);
WATTLINT_STUB_LAYER(BatchNorm, BatchNormOptions);
WATTLINT_STUB_LAYER(Embedding, EmbeddingOptions);
WATTLINT_STUB_LAYER(MaxPool1d, MaxPool1dOptions);
WATTLINT_STUB_LAYER(MaxPool2d, MaxPool2dOptions);
WATTLINT_STUB_LAYER(MaxPool3d, MaxPool3dOptions);
WATTLINT_STUB_LAYER(AvgPool1d, AvgPool1dOptions);
WATTLINT_STUB_LAYER(AvgPool2d, AvgPool2dOptions);
WATTLINT_STUB_LAYER(AvgPool3d, AvgPool3dOptions);
WATTLINT_STUB_LAYER(AdaptiveAvgPool1d, AdaptiveAvgPool1dOptions);
WATTLINT_STUB_LAYER(AdaptiveAvgPool2d, AdaptiveAvgPool2dOptions);
WATTLINT_STUB_LAYER(Flatten, FlattenOptions);
WATTLINT_STUB_LAYER(ReLU, ReLUOptions);
WATTLINT_STUB_LAYER(ReLU6, ReLUOptions);
WATTLINT_STUB_LAYER(LeakyReLU, LeakyReLUOptions);
WATTLINT_STUB_LAYER(GELU, GELUOptions);
WATTLINT_STUB_LAYER(Sigmoid, FlattenOptions);
WATTLINT_STUB_LAYER(Tanh, FlattenOptions);
WATTLINT_STUB_LAYER(Softmax, SoftmaxOptions);
WATTLINT_STUB_LAYER(LogSoftmax, LogSoftmaxOptions);
WATTLINT_STUB_LAYER(Identity, FlattenOptions);
WATTLINT_STUB_LAYER(GroupNorm, GroupNormOptions);
WATTLINT_STUB_LAYER(InstanceNorm1d, InstanceNorm1dOptions);
WATTLINT_STUB_LAYER(InstanceNorm2d, InstanceNorm2dOptions);
WATTLINT_STUB_LAYER(InstanceNorm3d, InstanceNorm3dOptions);
WATTLINT_STUB_LAYER(ELU, ELUOptions);
WATTLINT_STUB_LAYER(SELU, SELUOptions);
WATTLINT_STUB_LAYER(SiLU, FlattenOptions);
WATTLINT_STUB_LAYER(Mish, FlattenOptions);
WATTLINT_STUB_LAYER(Softplus, SoftplusOptions);
WATTLINT_STUB_LAYER(Hardtanh, HardtanhOptions);
WATTLINT_STUB_LAYER(PReLU, PReLUOptions);
WATTLINT_STUB_LAYER(Upsample, UpsampleOptions);
WATTLINT_STUB_LAYER(PixelShuffle, PixelShuffleOptions);
WATTLINT_STUB_LAYER(AdaptiveMaxPool1d, AdaptiveMaxPool1dOptions);
WATTLINT_STUB_LAYER(AdaptiveMaxPool2d, AdaptiveMaxPool2dOptions);
WATTLINT_STUB_LAYER(ZeroPad2d, PadOptions<2>);
WATTLINT_STUB_LAYER(ReflectionPad1d, PadOptions<1>);
WATTLINT_STUB_LAYER(ReflectionPad2d, PadOptions<2>);
WATTLINT_STUB_LAYER(ReplicationPad1d, PadOptions<1>);
WATTLINT_STUB_LAYER(ReplicationPad2d, PadOptions<2>);
WATTLINT_STUB_LAYER(ConstantPad1d, ConstantPadOptions<1>);
WATTLINT_STUB_LAYER(ConstantPad2d, ConstantPadOptions<2>);
WATTLINT_STUB_LAYER(Unflatten, UnflattenOptions);
WATTLINT_STUB_LAYER(AdaptiveAvgPool3d, AdaptiveAvgPool3dOptions);
WATTLINT_STUB_LAYER(AdaptiveMaxPool3d, AdaptiveMaxPool3dOptions);
WATTLINT_STUB_LAYER(ZeroPad1d, PadOptions<1>);
WATTLINT_STUB_LAYER(ZeroPad3d, PadOptions<3>);
WATTLINT_STUB_LAYER(ReflectionPad3d, PadOptions<3>);
WATTLINT_STUB_LAYER(ReplicationPad3d, PadOptions<3>);
WATTLINT_STUB_LAYER(ConstantPad3d, ConstantPadOptions<3>);

/// LibTorch's other layers, which wattlint-cxx does not map: declared so
/// that a model holding one compiles, each call of one an unknown op under
/// its name. Their Options take any arguments and have no setters (a
/// chain of them does not compile here); forward() takes any arguments
/// (Bilinear's two inputs, a loss's input and target).
struct UnmappedOptions {
  template <typename... Args> UnmappedOptions(Args &&...As);
};
#define WATTLINT_UNMAPPED_LAYER(Name)                                                              \
  using Name##Options = UnmappedOptions;                                                           \
  WATTLINT_LAYER_WITH(Name, UnmappedOptions,                                                       \
                      template <typename... Args> Tensor forward(Args &&...As))

WATTLINT_UNMAPPED_LAYER(Bilinear);
WATTLINT_UNMAPPED_LAYER(EmbeddingBag);
WATTLINT_UNMAPPED_LAYER(Fold);
WATTLINT_UNMAPPED_LAYER(Unfold);
WATTLINT_UNMAPPED_LAYER(LocalResponseNorm);
WATTLINT_UNMAPPED_LAYER(CrossMapLRN2d);
WATTLINT_UNMAPPED_LAYER(PixelUnshuffle);
WATTLINT_UNMAPPED_LAYER(MaxUnpool1d);
WATTLINT_UNMAPPED_LAYER(MaxUnpool2d);
WATTLINT_UNMAPPED_LAYER(MaxUnpool3d);
WATTLINT_UNMAPPED_LAYER(FractionalMaxPool2d);
WATTLINT_UNMAPPED_LAYER(FractionalMaxPool3d);
WATTLINT_UNMAPPED_LAYER(LPPool1d);
WATTLINT_UNMAPPED_LAYER(LPPool2d);
WATTLINT_UNMAPPED_LAYER(LPPool3d);
WATTLINT_UNMAPPED_LAYER(CELU);
WATTLINT_UNMAPPED_LAYER(GLU);
WATTLINT_UNMAPPED_LAYER(RReLU);
WATTLINT_UNMAPPED_LAYER(Hardshrink);
WATTLINT_UNMAPPED_LAYER(Softshrink);
WATTLINT_UNMAPPED_LAYER(Tanhshrink);
WATTLINT_UNMAPPED_LAYER(Softsign);
WATTLINT_UNMAPPED_LAYER(LogSigmoid);
WATTLINT_UNMAPPED_LAYER(Threshold);
WATTLINT_UNMAPPED_LAYER(Softmin);
WATTLINT_UNMAPPED_LAYER(Softmax2d);
WATTLINT_UNMAPPED_LAYER(CosineSimilarity);
WATTLINT_UNMAPPED_LAYER(PairwiseDistance);
WATTLINT_UNMAPPED_LAYER(AdaptiveLogSoftmaxWithLoss);
WATTLINT_UNMAPPED_LAYER(L1Loss);
WATTLINT_UNMAPPED_LAYER(MSELoss);
WATTLINT_UNMAPPED_LAYER(HuberLoss);
WATTLINT_UNMAPPED_LAYER(SmoothL1Loss);
WATTLINT_UNMAPPED_LAYER(KLDivLoss);
WATTLINT_UNMAPPED_LAYER(BCELoss);
WATTLINT_UNMAPPED_LAYER(BCEWithLogitsLoss);
WATTLINT_UNMAPPED_LAYER(NLLLoss);
WATTLINT_UNMAPPED_LAYER(CrossEntropyLoss);
WATTLINT_UNMAPPED_LAYER(PoissonNLLLoss);
WATTLINT_UNMAPPED_LAYER(CTCLoss);
WATTLINT_UNMAPPED_LAYER(HingeEmbeddingLoss);
WATTLINT_UNMAPPED_LAYER(CosineEmbeddingLoss);
WATTLINT_UNMAPPED_LAYER(MarginRankingLoss);
WATTLINT_UNMAPPED_LAYER(MultiMarginLoss);
WATTLINT_UNMAPPED_LAYER(MultiLabelMarginLoss);
WATTLINT_UNMAPPED_LAYER(MultiLabelSoftMarginLoss);
WATTLINT_UNMAPPED_LAYER(SoftMarginLoss);
WATTLINT_UNMAPPED_LAYER(TripletMarginLoss);
WATTLINT_UNMAPPED_LAYER(TripletMarginWithDistanceLoss);

/// What an LSTM returns: the output sequence and the final state, as a tuple
/// (LibTorch 1.5 on) that also has LibTorch 1.4's .output and .state.
// (Constructors declared, not std::tuple's inherited: a tenth of the
// stubs' parse time. Class templates with a dependent base, so that the
// tuples are instantiated where a model runs a recurrent layer, not wherever
// the stubs are parsed.)
template <typename T = Tensor> struct LSTMOutputOf : std::tuple<T, std::tuple<T, T>> {
  LSTMOutputOf();
  LSTMOutputOf(T Output, std::tuple<T, T> State);
  T output;
  std::tuple<T, T> state;
};
using LSTMOutput = LSTMOutputOf<>;
template <typename T = Tensor> struct RNNOutputOf : std::tuple<T, T> {
  RNNOutputOf();
  RNNOutputOf(T Output, T State);
  T output;
  T state;
};
using RNNOutput = RNNOutputOf<>;

/// LSTM, GRU and RNN return the output sequence and the final state.
class LSTMImpl : public Module {
public:
  template <typename... Args> explicit LSTMImpl(Args &&...As);
  LSTMOutput forward(const Tensor &Input);
  LSTMOutput forward(const Tensor &Input, std::optional<std::tuple<Tensor, Tensor>> State);
  LSTMOptions options;
};
WATTLINT_STUB_MODULE(LSTM);
class GRUImpl : public Module {
public:
  template <typename... Args> explicit GRUImpl(Args &&...As);
  RNNOutput forward(const Tensor &Input, Tensor State = {});
  GRUOptions options;
};
WATTLINT_STUB_MODULE(GRU);
class RNNImpl : public Module {
public:
  template <typename... Args> explicit RNNImpl(Args &&...As);
  RNNOutput forward(const Tensor &Input, Tensor State = {});
  RNNOptions options;
};
WATTLINT_STUB_MODULE(RNN);

/// One step of a recurrent layer, run by the program's own loop.
struct LSTMCellOptions {
  LSTMCellOptions(int64_t input_size, int64_t hidden_size);
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  TORCH_ARG(bool, bias);
};
using GRUCellOptions = LSTMCellOptions;
class LSTMCellImpl : public Module {
public:
  template <typename... Args> explicit LSTMCellImpl(Args &&...As);
  std::tuple<Tensor, Tensor> forward(const Tensor &Input);
  std::tuple<Tensor, Tensor> forward(const Tensor &Input,
                                     std::optional<std::tuple<Tensor, Tensor>> State);
  LSTMCellOptions options;
};
WATTLINT_STUB_MODULE(LSTMCell);
class GRUCellImpl : public Module {
public:
  template <typename... Args> explicit GRUCellImpl(Args &&...As);
  Tensor forward(const Tensor &Input, Tensor State = {});
  GRUCellOptions options;
};
WATTLINT_STUB_MODULE(GRUCell);
struct RNNCellOptions {
  RNNCellOptions(int64_t input_size, int64_t hidden_size);
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  TORCH_ARG(bool, bias);
  TORCH_ARG(RNNOptions::nonlinearity_t, nonlinearity);
};
class RNNCellImpl : public Module {
public:
  template <typename... Args> explicit RNNCellImpl(Args &&...As);
  Tensor forward(const Tensor &Input, Tensor State = {});
  RNNCellOptions options;
};
WATTLINT_STUB_MODULE(RNNCell);

/// A module of any type, as a Sequential holds its children: iterating a
/// Sequential gives these; forward<>() calls the module held.
class AnyModule {
public:
  AnyModule();
  template <typename ModuleType> AnyModule(ModuleType Module);
  template <typename ReturnType = Tensor, typename... ArgumentTypes>
  ReturnType forward(ArgumentTypes &&...Arguments);
  template <typename T> T *get();
  std::shared_ptr<Module> ptr() const;
  bool is_empty() const noexcept;
};

/// Attention and the transformer encoder, as LibTorch (torch/nn/modules/
/// activation.h, transformer*.h) declares them.
struct MultiheadAttentionOptions {
  MultiheadAttentionOptions(int64_t embed_dim, int64_t num_heads);
  TORCH_ARG(int64_t, embed_dim);
  TORCH_ARG(int64_t, num_heads);
  TORCH_ARG(double, dropout);
  TORCH_ARG(bool, bias);
  TORCH_ARG(bool, add_bias_kv);
  TORCH_ARG(bool, add_zero_attn);
  TORCH_ARG(int64_t, kdim);
  TORCH_ARG(int64_t, vdim);
};
class MultiheadAttentionImpl : public Module {
public:
  template <typename... Args> explicit MultiheadAttentionImpl(Args &&...As);
  std::tuple<Tensor, Tensor> forward(const Tensor &Query, const Tensor &Key, const Tensor &Value,
                                     const Tensor &KeyPaddingMask = {}, bool NeedWeights = true,
                                     const Tensor &AttnMask = {},
                                     bool AverageAttnWeights = true);
  MultiheadAttentionOptions options;
};
WATTLINT_STUB_MODULE(MultiheadAttention);
struct TransformerEncoderLayerOptions {
  struct activation_t {
    activation_t(enumtype::kReLU);
    activation_t(enumtype::kGELU);
    template <typename Function> activation_t(Function Fn);
  };
  TransformerEncoderLayerOptions(int64_t d_model, int64_t nhead);
  TORCH_ARG(int64_t, d_model);
  TORCH_ARG(int64_t, nhead);
  TORCH_ARG(int64_t, dim_feedforward);
  TORCH_ARG(double, dropout);
  TORCH_ARG(activation_t, activation);
};
class TransformerEncoderLayerImpl : public Module {
public:
  template <typename... Args> explicit TransformerEncoderLayerImpl(Args &&...As);
  Tensor forward(const Tensor &Src, const Tensor &SrcMask = {},
                 const Tensor &SrcKeyPaddingMask = {});
  TransformerEncoderLayerOptions options;
};
WATTLINT_STUB_MODULE(TransformerEncoderLayer);
struct TransformerEncoderOptions {
  TransformerEncoderOptions(TransformerEncoderLayer encoder_layer, int64_t num_layers);
  TransformerEncoderOptions(const TransformerEncoderLayerOptions &encoder_layer,
                            int64_t num_layers);
  TORCH_ARG(TransformerEncoderLayer, encoder_layer);
  TORCH_ARG(int64_t, num_layers);
  TORCH_ARG(AnyModule, norm);
};
class TransformerEncoderImpl : public Module {
public:
  template <typename... Args> explicit TransformerEncoderImpl(Args &&...As);
  Tensor forward(const Tensor &Src, const Tensor &SrcMask = {},
                 const Tensor &SrcKeyPaddingMask = {});
  TransformerEncoderOptions options;
};
WATTLINT_STUB_MODULE(TransformerEncoder);
struct TransformerDecoderLayerOptions {
  using activation_t = TransformerEncoderLayerOptions::activation_t;
  TransformerDecoderLayerOptions(int64_t d_model, int64_t nhead);
  TORCH_ARG(int64_t, d_model);
  TORCH_ARG(int64_t, nhead);
  TORCH_ARG(int64_t, dim_feedforward);
  TORCH_ARG(double, dropout);
  TORCH_ARG(activation_t, activation);
};
class TransformerDecoderLayerImpl : public Module {
public:
  template <typename... Args> explicit TransformerDecoderLayerImpl(Args &&...As);
  Tensor forward(Tensor Tgt, const Tensor &Memory, const Tensor &TgtMask = {},
                 const Tensor &MemoryMask = {}, const Tensor &TgtKeyPaddingMask = {},
                 const Tensor &MemoryKeyPaddingMask = {});
  TransformerDecoderLayerOptions options;
};
WATTLINT_STUB_MODULE(TransformerDecoderLayer);
struct TransformerDecoderOptions {
  TransformerDecoderOptions(TransformerDecoderLayer decoder_layer, int64_t num_layers);
  TransformerDecoderOptions(const TransformerDecoderLayerOptions &decoder_layer,
                            int64_t num_layers);
  TORCH_ARG(TransformerDecoderLayer, decoder_layer);
  TORCH_ARG(int64_t, num_layers);
  TORCH_ARG(AnyModule, norm);
};
class TransformerDecoderImpl : public Module {
public:
  template <typename... Args> explicit TransformerDecoderImpl(Args &&...As);
  Tensor forward(const Tensor &Tgt, const Tensor &Memory, const Tensor &TgtMask = {},
                 const Tensor &MemoryMask = {}, const Tensor &TgtKeyPaddingMask = {},
                 const Tensor &MemoryKeyPaddingMask = {});
  TransformerDecoderOptions options;
};
WATTLINT_STUB_MODULE(TransformerDecoder);
struct TransformerOptions {
  TransformerOptions(int64_t d_model = 512, int64_t nhead = 8);
  TransformerOptions(int64_t d_model, int64_t nhead, int64_t num_encoder_layers,
                     int64_t num_decoder_layers);
  TORCH_ARG(int64_t, d_model);
  TORCH_ARG(int64_t, nhead);
  TORCH_ARG(int64_t, num_encoder_layers);
  TORCH_ARG(int64_t, num_decoder_layers);
  TORCH_ARG(int64_t, dim_feedforward);
  TORCH_ARG(double, dropout);
  TORCH_ARG(TransformerEncoderLayerOptions::activation_t, activation);
  TORCH_ARG(AnyModule, custom_encoder);
  TORCH_ARG(AnyModule, custom_decoder);
};
class TransformerImpl : public Module {
public:
  template <typename... Args> explicit TransformerImpl(Args &&...As);
  Tensor forward(const Tensor &Src, const Tensor &Tgt, const Tensor &SrcMask = {},
                 const Tensor &TgtMask = {}, const Tensor &MemoryMask = {},
                 const Tensor &SrcKeyPaddingMask = {}, const Tensor &TgtKeyPaddingMask = {},
                 const Tensor &MemoryKeyPaddingMask = {});
  static Tensor generate_square_subsequent_mask(int64_t Size, Device D = Device(kCPU));
  TransformerOptions options;
};
WATTLINT_STUB_MODULE(Transformer);

/// A module with the name a Sequential gives it: {"conv", Conv2d(...)}.
class NamedAnyModule {
public:
  template <typename ModuleType> NamedAnyModule(std::string Name, ModuleType Module);
};

/// Children run in order, each on the previous one's output.
class SequentialImpl : public Module {
public:
  // Iterators as pointers: naming std::vector<AnyModule>::iterator would
  // instantiate the vector wherever the stubs are read.
  using Iterator = AnyModule *;
  using ConstIterator = const AnyModule *;
  Iterator begin();
  Iterator end();
  ConstIterator begin() const;
  ConstIterator end() const;
  SequentialImpl();
  template <typename... Modules> explicit SequentialImpl(Modules &&...Ms);
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> NamedModules);
  template <typename ModuleType> void push_back(ModuleType M);
  template <typename ModuleType> void push_back(std::string Name, ModuleType M);
  template <typename ReturnType = Tensor, typename... InputTypes>
  ReturnType forward(InputTypes &&...Inputs);
  size_t size() const noexcept;
  bool is_empty() const noexcept;
};
class Sequential : public torch::nn::ModuleHolder<SequentialImpl> {
public:
  using torch::nn::ModuleHolder<SequentialImpl>::ModuleHolder;
  using Impl = SequentialImpl;
  Sequential(std::initializer_list<NamedAnyModule> NamedModules);
};

class ModuleListImpl : public Module {
public:
  ModuleListImpl();
  template <typename... Modules> explicit ModuleListImpl(Modules &&...Ms);
  template <typename ModuleType> void push_back(ModuleType M);
  size_t size() const noexcept;
  std::shared_ptr<Module> *begin();
  std::shared_ptr<Module> *end();
  const std::shared_ptr<Module> *begin() const;
  const std::shared_ptr<Module> *end() const;
  std::shared_ptr<Module> operator[](size_t Index) const;
  std::shared_ptr<Module> ptr(size_t Index) const;
};
WATTLINT_STUB_MODULE(ModuleList);

/// Modules by name: {"cls", Linear(8, 10).ptr()}; never called itself.
class ModuleDictImpl : public Module {
public:
  ModuleDictImpl();
  explicit ModuleDictImpl(
      const std::vector<std::pair<std::string, std::shared_ptr<Module>>> &Modules);
  void update(const std::vector<std::pair<std::string, std::shared_ptr<Module>>> &Modules);
  std::shared_ptr<Module> insert(const std::string &Key, std::shared_ptr<Module> Module);
  std::shared_ptr<Module> operator[](const std::string &Key) const;
  template <typename T> T &at(const std::string &Key);
  bool contains(const std::string &Key) const noexcept;
  size_t size() const noexcept;
  bool empty() const noexcept;
};
WATTLINT_STUB_MODULE(ModuleDict);

/// A function as a module: Functional(torch::relu), or a function with its
/// trailing arguments bound: Functional(torch::max_pool2d, 2, 2, 0, 1, false).
class FunctionalImpl : public Module {
public:
  using Function = std::function<Tensor(Tensor)>;
  explicit FunctionalImpl(Function Fn);
  template <typename SomeFunction, typename... Args,
            typename = std::enable_if_t<(sizeof...(Args) > 0)>>
  explicit FunctionalImpl(SomeFunction Fn, Args &&...As);
  Tensor forward(Tensor Input);
};
WATTLINT_STUB_MODULE(Functional);

namespace functional {
using MaxPool2dFuncOptions = MaxPool2dOptions;
using AvgPool2dFuncOptions = AvgPool2dOptions;
using AdaptiveAvgPool2dFuncOptions = AdaptiveAvgPool2dOptions;
using AdaptiveMaxPool2dFuncOptions = AdaptiveMaxPool2dOptions;
using LeakyReLUFuncOptions = LeakyReLUOptions;
struct ReLUFuncOptions {
  ReLUFuncOptions(bool inplace = false);
  TORCH_ARG(bool, inplace);
};
struct DropoutFuncOptions {
  DropoutFuncOptions();
  TORCH_ARG(double, p);
  TORCH_ARG(bool, training);
  TORCH_ARG(bool, inplace);
};
struct SoftmaxFuncOptions {
  SoftmaxFuncOptions(int64_t dim);
  TORCH_ARG(int64_t, dim);
};
struct LogSoftmaxFuncOptions {
  LogSoftmaxFuncOptions(int64_t dim);
  TORCH_ARG(int64_t, dim);
};
using ELUFuncOptions = ELUOptions;
using SoftplusFuncOptions = SoftplusOptions;
using HardtanhFuncOptions = HardtanhOptions;
struct InterpolateFuncOptions {
  InterpolateFuncOptions();
  using mode_t = UpsampleOptions::mode_t;
  TORCH_ARG(std::optional<std::vector<int64_t>>, size);
  TORCH_ARG(std::optional<std::vector<double>>, scale_factor);
  TORCH_ARG(mode_t, mode);
  TORCH_ARG(std::optional<bool>, align_corners);
  TORCH_ARG(std::optional<bool>, recompute_scale_factor);
};
struct PadFuncOptions {
  struct mode_t {
    mode_t(enumtype::kConstant);
    mode_t(enumtype::kReflect);
    mode_t(enumtype::kReplicate);
    mode_t(enumtype::kCircular);
  };
  PadFuncOptions(std::vector<int64_t> pad);
  TORCH_ARG(std::vector<int64_t>, pad);
  TORCH_ARG(mode_t, mode);
  TORCH_ARG(double, value);
};
using GELUFuncOptions = GELUOptions;
Tensor gelu(const Tensor &Input, const GELUFuncOptions &Options = {});
Tensor logsigmoid(const Tensor &Input);
Tensor silu(const Tensor &Input, bool Inplace = false);
Tensor mish(const Tensor &Input, bool Inplace = false);
Tensor elu(const Tensor &Input, const ELUFuncOptions &Options = {});
Tensor selu(const Tensor &Input, bool Inplace = false);
Tensor softplus(const Tensor &Input, const SoftplusFuncOptions &Options = {});
Tensor hardswish(const Tensor &Input, bool Inplace = false);
Tensor hardsigmoid(const Tensor &Input, bool Inplace = false);
Tensor hardtanh(const Tensor &Input, const HardtanhFuncOptions &Options = {});
struct LayerNormFuncOptions {
  LayerNormFuncOptions(std::vector<int64_t> normalized_shape);
  TORCH_ARG(std::vector<int64_t>, normalized_shape);
  TORCH_ARG(Tensor, weight);
  TORCH_ARG(Tensor, bias);
  TORCH_ARG(double, eps);
};
struct NormalizeFuncOptions {
  NormalizeFuncOptions();
  TORCH_ARG(double, p);
  TORCH_ARG(int64_t, dim);
  TORCH_ARG(double, eps);
};
Tensor linear(const Tensor &Input, const Tensor &Weight);
Tensor linear(const Tensor &Input, const Tensor &Weight, const Tensor &Bias);
Tensor layer_norm(const Tensor &Input, const LayerNormFuncOptions &Options);
Tensor normalize(const Tensor &Input, NormalizeFuncOptions Options = {});
Tensor interpolate(const Tensor &Input, const InterpolateFuncOptions &Options = {});
Tensor pad(const Tensor &Input, const PadFuncOptions &Options);
Tensor relu(const Tensor &Input, const ReLUFuncOptions &Options = {});
Tensor leaky_relu(const Tensor &Input, const LeakyReLUFuncOptions &Options = {});
Tensor dropout(const Tensor &Input, const DropoutFuncOptions &Options = {});
Tensor max_pool2d(const Tensor &Input, const MaxPool2dFuncOptions &Options);
Tensor avg_pool2d(const Tensor &Input, const AvgPool2dFuncOptions &Options);
Tensor adaptive_avg_pool2d(const Tensor &Input, const AdaptiveAvgPool2dFuncOptions &Options);
Tensor adaptive_max_pool2d(const Tensor &Input, const AdaptiveMaxPool2dFuncOptions &Options);
Tensor softmax(const Tensor &Input, const SoftmaxFuncOptions &Options);
Tensor log_softmax(const Tensor &Input, const LogSoftmaxFuncOptions &Options);
} // namespace functional

/// Initialization in place: values, not shapes or work.
namespace init {
template <typename... Args> Tensor uniform_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor normal_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor constant_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor ones_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor zeros_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor eye_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor dirac_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor xavier_uniform_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor xavier_normal_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor kaiming_uniform_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor kaiming_normal_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor orthogonal_(Tensor T, Args &&...Rest);
template <typename... Args> Tensor sparse_(Tensor T, Args &&...Rest);
} // namespace init
} // namespace nn
} // namespace torch

namespace torch {
/// What LibTorch throws.
class Error : public std::exception {
public:
  const char *what() const noexcept override;
  const char *what_without_backtrace() const noexcept;
};

/// TorchScript: a module loaded from a file at run time. Its layers are not
/// in the source, so a model that runs one is costed only up to it.
namespace jit {
class IValue {
public:
  IValue();
  IValue(at::Tensor T);
  at::Tensor toTensor() const;
  bool isTensor() const;
  std::vector<IValue> toTuple() const;
};
namespace script {
class Module {
public:
  Module();
  IValue forward(std::vector<IValue> Inputs);
  IValue attr(const std::string &Name) const;
  bool hasattr(const std::string &Name) const;
  std::vector<at::Tensor> parameters(bool Recurse = true) const;
  void train(bool On = true);
  void eval();
  void to(at::Device D, bool NonBlocking = false);
  void to(at::ScalarType Type, bool NonBlocking = false);
  void to(at::Device D, at::ScalarType Type, bool NonBlocking = false);
  void save(const std::string &Path) const;
};
} // namespace script
using script::Module;
script::Module load(const std::string &Path);
script::Module load(const std::string &Path, at::Device D);
} // namespace jit
} // namespace torch

// ---- Training: what main() uses around the model -------------------------
// Declared so that a program's training loop compiles: the calls of the
// model in it (forward() on a tensor it makes) show the input shapes the
// program runs the model on. Nothing here is costed.

namespace at {
Tensor randint(int64_t High, IntArrayRef Size, TensorOptions Options = {});
Tensor randint(int64_t Low, int64_t High, IntArrayRef Size, TensorOptions Options = {});
Tensor ones_like(const Tensor &Self, TensorOptions Options = {});
Tensor rand_like(const Tensor &Self, TensorOptions Options = {});
Tensor full_like(const Tensor &Self, const Scalar &Fill, TensorOptions Options = {});
Tensor nll_loss(const Tensor &Self, const Tensor &Target, const Tensor &Weight = {},
                int64_t Reduction = 1, int64_t IgnoreIndex = -100);
Tensor cross_entropy_loss(const Tensor &Self, const Tensor &Target, const Tensor &Weight = {},
                          int64_t Reduction = 1, int64_t IgnoreIndex = -100,
                          double LabelSmoothing = 0.0);
Tensor mse_loss(const Tensor &Self, const Tensor &Target, int64_t Reduction = 1);
Tensor l1_loss(const Tensor &Self, const Tensor &Target, int64_t Reduction = 1);
Tensor smooth_l1_loss(const Tensor &Self, const Tensor &Target, int64_t Reduction = 1,
                      double Beta = 1.0);
Tensor binary_cross_entropy(const Tensor &Self, const Tensor &Target, const Tensor &Weight = {},
                            int64_t Reduction = 1);
Tensor binary_cross_entropy_with_logits(const Tensor &Self, const Tensor &Target,
                                        const Tensor &Weight = {}, const Tensor &PosWeight = {},
                                        int64_t Reduction = 1);
std::ostream &operator<<(std::ostream &OS, const Tensor &T);
namespace Reduction {
enum Reduction { None, Mean, Sum };
} // namespace Reduction
} // namespace at

namespace c10 {
std::ostream &operator<<(std::ostream &OS, ArrayRef<int64_t> Sizes);
} // namespace c10

namespace torch {
namespace Reduction = at::Reduction;
template <typename... Args> std::string str(const Args &...As);

namespace nn {
std::ostream &operator<<(std::ostream &OS, const Module &M);
template <typename C> std::ostream &operator<<(std::ostream &OS, const ModuleHolder<C> &M);
namespace functional {
/// A loss's reduction: torch::kMean, torch::kSum or torch::kNone.
struct LossReduction {
  LossReduction(enumtype::kMean);
  LossReduction(enumtype::kSum);
  LossReduction(enumtype::kNone);
};
struct CrossEntropyFuncOptions {
  CrossEntropyFuncOptions();
  TORCH_ARG(Tensor, weight);
  TORCH_ARG(int64_t, ignore_index);
  TORCH_ARG(LossReduction, reduction);
  TORCH_ARG(double, label_smoothing);
};
struct NLLLossFuncOptions {
  NLLLossFuncOptions();
  TORCH_ARG(Tensor, weight);
  TORCH_ARG(int64_t, ignore_index);
  TORCH_ARG(LossReduction, reduction);
};
struct LossFuncOptions {
  template <typename... Args> LossFuncOptions(Args &&...As);
};
using MSELossFuncOptions = LossFuncOptions;
using L1LossFuncOptions = LossFuncOptions;
using SmoothL1LossFuncOptions = LossFuncOptions;
using BinaryCrossEntropyFuncOptions = LossFuncOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = LossFuncOptions;
Tensor cross_entropy(const Tensor &Input, const Tensor &Target,
                     const CrossEntropyFuncOptions &Options = {});
Tensor nll_loss(const Tensor &Input, const Tensor &Target, const NLLLossFuncOptions &Options = {});
Tensor mse_loss(const Tensor &Input, const Tensor &Target, const LossFuncOptions &Options = {});
Tensor l1_loss(const Tensor &Input, const Tensor &Target, const LossFuncOptions &Options = {});
Tensor smooth_l1_loss(const Tensor &Input, const Tensor &Target,
                      const LossFuncOptions &Options = {});
Tensor binary_cross_entropy(const Tensor &Input, const Tensor &Target,
                            const LossFuncOptions &Options = {});
Tensor binary_cross_entropy_with_logits(const Tensor &Input, const Tensor &Target,
                                        const LossFuncOptions &Options = {});
} // namespace functional
namespace utils {
double clip_grad_norm_(const std::vector<Tensor> &Parameters, double MaxNorm,
                       double NormType = 2.0);
void clip_grad_value_(const std::vector<Tensor> &Parameters, double ClipValue);
} // namespace utils
} // namespace nn

namespace optim {
class OptimizerOptions {
public:
  virtual ~OptimizerOptions();
  double get_lr() const;
  void set_lr(double Lr);
};
class OptimizerParamGroup {
public:
  std::vector<Tensor> &params();
  OptimizerOptions &options();
};
class Optimizer {
public:
  virtual ~Optimizer();
  void zero_grad(bool SetToNone = true);
  // Overloads, not a default argument: nullptr as one would instantiate
  // std::function<Tensor()> wherever the stubs are read.
  virtual Tensor step();
  virtual Tensor step(std::function<Tensor()> Closure);
  std::vector<OptimizerParamGroup> &param_groups();
};
#define WATTLINT_STUB_OPTIMIZER(Name)                                                              \
  class Name : public Optimizer {                                                                  \
  public:                                                                                          \
    Name(std::vector<Tensor> Params, Name##Options Options);                                       \
  }
struct SGDOptions : OptimizerOptions {
  SGDOptions(double lr);
  TORCH_ARG(double, lr);
  TORCH_ARG(double, momentum);
  TORCH_ARG(double, dampening);
  TORCH_ARG(double, weight_decay);
  TORCH_ARG(bool, nesterov);
};
struct AdamOptions : OptimizerOptions {
  AdamOptions(double lr = 1e-3);
  TORCH_ARG(double, lr);
  using Betas = std::tuple<double, double>;
  TORCH_ARG(Betas, betas);
  TORCH_ARG(double, eps);
  TORCH_ARG(double, weight_decay);
  TORCH_ARG(bool, amsgrad);
};
struct AdamWOptions : AdamOptions {
  AdamWOptions(double lr = 1e-3);
};
struct RMSpropOptions : OptimizerOptions {
  RMSpropOptions(double lr = 1e-2);
  TORCH_ARG(double, lr);
  TORCH_ARG(double, alpha);
  TORCH_ARG(double, eps);
  TORCH_ARG(double, weight_decay);
  TORCH_ARG(double, momentum);
  TORCH_ARG(bool, centered);
};
struct AdagradOptions : OptimizerOptions {
  AdagradOptions(double lr = 1e-2);
  TORCH_ARG(double, lr);
  TORCH_ARG(double, lr_decay);
  TORCH_ARG(double, weight_decay);
};
WATTLINT_STUB_OPTIMIZER(SGD);
WATTLINT_STUB_OPTIMIZER(Adam);
WATTLINT_STUB_OPTIMIZER(AdamW);
WATTLINT_STUB_OPTIMIZER(RMSprop);
WATTLINT_STUB_OPTIMIZER(Adagrad);
class StepLR {
public:
  StepLR(Optimizer &O, unsigned StepSize, double Gamma = 0.1);
  void step();
};
} // namespace optim

/// Datasets and loaders. A loader yields the Example a Stack<> transform
/// makes (one data and one target tensor per batch), the common form.
namespace data {
template <typename Data = Tensor, typename Target = Tensor> struct Example {
  Example();
  Example(Data D, Target T);
  Data data;
  Target target;
};
namespace transforms {
template <typename T = Example<>> struct Stack { Stack(); };
template <typename In = Tensor, typename Out = In> struct TensorTransform {
  virtual ~TensorTransform();
  virtual Tensor operator()(Tensor X) = 0;
};
template <typename T = Tensor> struct Normalize : TensorTransform<T> {
  Normalize(c10::ArrayRef<double> Mean, c10::ArrayRef<double> Stddev);
  Tensor operator()(Tensor X) override;
};
template <typename T = Tensor> struct TensorLambda : TensorTransform<T> {
  TensorLambda(std::function<Tensor(Tensor)> Fn);
  Tensor operator()(Tensor X) override;
};
} // namespace transforms
namespace samplers {
struct Sampler {};
struct RandomSampler : Sampler {};
struct SequentialSampler : Sampler {};
struct DistributedRandomSampler : Sampler {
  DistributedRandomSampler(size_t Size, size_t NumReplicas = 1, size_t Rank = 0,
                           bool AllowDuplicates = true);
};
} // namespace samplers
namespace datasets {
template <typename Source, typename Transform> class MapDataset;
template <typename Self, typename SingleExample = Example<>> class Dataset {
public:
  using ExampleType = SingleExample;
  virtual ~Dataset();
  virtual SingleExample get(size_t Index) = 0;
  virtual std::optional<size_t> size() const = 0;
  template <typename Transform> MapDataset<Self, Transform> map(Transform T) &&;
  template <typename Transform> MapDataset<Self, Transform> map(Transform T) &;
};
template <typename Source, typename Transform>
class MapDataset : public Dataset<MapDataset<Source, Transform>> {
public:
  Example<> get(size_t Index) override;
  std::optional<size_t> size() const override;
};
class MNIST : public Dataset<MNIST> {
public:
  enum class Mode { kTrain, kTest };
  explicit MNIST(const std::string &Root, Mode M = Mode::kTrain);
  Example<> get(size_t Index) override;
  std::optional<size_t> size() const override;
  bool is_train() const noexcept;
  const Tensor &images() const;
  const Tensor &targets() const;
};
} // namespace datasets
using datasets::Dataset;
struct DataLoaderOptions {
  DataLoaderOptions(size_t batch_size = 1);
  TORCH_ARG(size_t, batch_size);
  TORCH_ARG(size_t, workers);
  TORCH_ARG(std::optional<size_t>, max_jobs);
  TORCH_ARG(bool, drop_last);
  TORCH_ARG(bool, enforce_ordering);
};
class DataLoader {
public:
  using iterator = Example<> *;
  iterator begin();
  iterator end();
};
template <typename Sampler = samplers::RandomSampler, typename D>
std::unique_ptr<DataLoader> make_data_loader(D Dataset, DataLoaderOptions Options = {});
template <typename Sampler = samplers::RandomSampler, typename D>
std::unique_ptr<DataLoader> make_data_loader(D Dataset, size_t BatchSize);
template <typename Sampler = samplers::RandomSampler, typename D, typename S>
std::unique_ptr<DataLoader> make_data_loader(D Dataset, S Sampler_, DataLoaderOptions Options);
} // namespace data
} // namespace torch

// A recurrent layer's result decomposes as the tuple it is:
// auto [output, state] = lstm->forward(x);
namespace std {
template <>
struct tuple_size<torch::nn::LSTMOutput>
    : tuple_size<tuple<at::Tensor, tuple<at::Tensor, at::Tensor>>> {};
template <size_t I>
struct tuple_element<I, torch::nn::LSTMOutput>
    : tuple_element<I, tuple<at::Tensor, tuple<at::Tensor, at::Tensor>>> {};
template <> struct tuple_size<torch::nn::RNNOutput> : tuple_size<tuple<at::Tensor, at::Tensor>> {};
template <size_t I>
struct tuple_element<I, torch::nn::RNNOutput> : tuple_element<I, tuple<at::Tensor, at::Tensor>> {};
} // namespace std
