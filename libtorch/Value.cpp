//===- libtorch/Value.cpp - the interpreter's values -----------------------===//
#include "libtorch/Value.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {
namespace cxx {

std::string SrcLoc::str() const {
  if (!valid())
    return "";
  return File + ":" + std::to_string(Line) + ":" + std::to_string(Col);
}

Value Value::unknown(std::string Why, SrcLoc Where) {
  Value V;
  V.Text = std::move(Why);
  V.Loc = std::move(Where);
  return V;
}
Value Value::none() {
  Value V;
  V.K = Kind::None;
  return V;
}
Value Value::integer(int64_t I) {
  Value V;
  V.K = Kind::Int;
  V.I = I;
  return V;
}
Value Value::real(double D) {
  Value V;
  V.K = Kind::Double;
  V.D = D;
  return V;
}
Value Value::boolean(bool B) {
  Value V;
  V.K = Kind::Bool;
  V.I = B;
  return V;
}
Value Value::string(std::string S) {
  Value V;
  V.K = Kind::String;
  V.Text = std::move(S);
  return V;
}
Value Value::list(std::vector<Value> Elems) {
  Value V;
  V.K = Kind::List;
  V.Elems = std::move(Elems);
  return V;
}
Value Value::tuple(std::vector<Value> Elems) {
  Value V;
  V.K = Kind::Tuple;
  V.Elems = std::move(Elems);
  return V;
}
Value Value::object(std::shared_ptr<Object> O) {
  Value V;
  V.K = Kind::Object;
  V.Obj = std::move(O);
  return V;
}
Value Value::tensor(int Id, int Rank) {
  Value V;
  V.K = Kind::Tensor;
  V.TensorId = Id;
  V.Rank = Rank;
  return V;
}

std::optional<int64_t> Value::asInt() const {
  if (K == Kind::Int || K == Kind::Bool)
    return I;
  if (K == Kind::Double && D == double(int64_t(D)))
    return int64_t(D);
  if (K == Kind::List && Elems.size() == 1)
    return Elems[0].asInt();
  return std::nullopt;
}

std::optional<double> Value::asDouble() const {
  if (K == Kind::Double)
    return D;
  if (K == Kind::Int)
    return double(I);
  return std::nullopt;
}

std::optional<bool> Value::asBool() const {
  if (K == Kind::Bool || K == Kind::Int)
    return I != 0;
  return std::nullopt;
}

std::optional<std::vector<int64_t>> Value::asInts() const {
  if (K == Kind::Int)
    return std::vector<int64_t>{I};
  if (K != Kind::List)
    return std::nullopt;
  std::vector<int64_t> R;
  for (const Value &E : Elems) {
    if (E.K != Kind::Int)
      return std::nullopt;
    R.push_back(E.I);
  }
  return R;
}

std::string Value::str() const {
  switch (K) {
  case Kind::Unknown:
    return "?(" + Text + ")";
  case Kind::None:
    return "none";
  case Kind::Int:
    return std::to_string(I);
  case Kind::Double:
    return fmt::format("{:g}", D);
  case Kind::Bool:
    return I ? "true" : "false";
  case Kind::String:
    return Text;
  case Kind::List:
  case Kind::Tuple: {
    std::string S = K == Kind::List ? "[" : "(";
    for (size_t N = 0; N < Elems.size(); ++N)
      S += (N ? ", " : "") + Elems[N].str();
    return S + (K == Kind::List ? "]" : ")");
  }
  case Kind::Options: {
    std::string S = Opts->Type + "(";
    for (size_t N = 0; N < Opts->Fields.size(); ++N)
      S += (N ? ", " : "") + Opts->Fields[N].first + "=" + Opts->Fields[N].second.str();
    return S + ")";
  }
  case Kind::Object:
    return Obj->Kind == "module" ? Obj->Class : Obj->Kind;
  case Kind::Tensor:
    return "tensor";
  case Kind::Function:
    return Text;
  case Kind::Slice:
    return "Slice(" + Elems[0].str() + ", " + Elems[1].str() + ", " + Elems[2].str() + ")";
  case Kind::Param: {
    std::string S = (IsBuffer ? "buffer " : "parameter ") + Text + " [";
    for (size_t N = 0; N < Elems.size(); ++N)
      S += (N ? ", " : "") + Elems[N].str();
    return S + "]";
  }
  }
  return "?";
}

const Value *OptionsData::get(StringRef Name) const {
  for (const auto &[N, V] : Fields)
    if (N == Name)
      return &V;
  return nullptr;
}

void OptionsData::set(StringRef Name, Value V) {
  for (auto &[N, Old] : Fields)
    if (N == Name) {
      Old = std::move(V);
      return;
    }
  Fields.emplace_back(Name.str(), std::move(V));
}

Value *Object::field(StringRef Name) {
  for (auto &[N, V] : Fields)
    if (N == Name)
      return &V;
  return nullptr;
}

void Object::setField(StringRef Name, Value V) {
  if (Value *Old = field(Name)) {
    *Old = std::move(V);
    return;
  }
  Fields.emplace_back(Name.str(), std::move(V));
}

} // namespace cxx
} // namespace wattlint
