//===- libtorch/Interp.cpp - statements, plain expressions, places ---------===//
#include "libtorch/InterpImpl.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Stack.h"
#include "clang/Lex/Lexer.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

/// The `wattlint: allow ...` comment on line Line of FID, or "".
std::string allowOn(const SourceManager &SM, FileID FID, unsigned Line) {
  if (Line == 0)
    return "";
  bool Invalid = false;
  StringRef Text = SM.getBufferData(FID, &Invalid);
  if (Invalid)
    return "";
  size_t Start = 0;
  for (unsigned L = 1; L < Line && Start != StringRef::npos; ++L) {
    Start = Text.find('\n', Start);
    if (Start != StringRef::npos)
      ++Start;
  }
  if (Start == StringRef::npos)
    return "";
  StringRef Row = Text.substr(Start).split('\n').first;
  size_t At = Row.find("wattlint: allow");
  return At == StringRef::npos ? "" : Row.substr(At).rtrim(" \t\r*/").str();
}

const std::string &workingDir() {
  static const std::string Dir = [] {
    SmallString<256> D;
    if (sys::fs::current_path(D))
      return std::string();
    return std::string(D) + "/";
  }();
  return Dir;
}

} // namespace

SrcLoc toSrcLoc(const SourceManager &SM, SourceLocation L) {
  SrcLoc R;
  if (L.isInvalid())
    return R;
  SourceLocation E = SM.getExpansionLoc(L);
  PresumedLoc P = SM.getPresumedLoc(E);
  if (P.isInvalid())
    return R;
  StringRef File = P.getFilename();
  if (!workingDir().empty() && File.starts_with(workingDir()))
    File = File.drop_front(workingDir().size());
  R.File = File.str();
  R.Line = P.getLine();
  R.Col = P.getColumn();
  FileID FID = SM.getFileID(E);
  std::string Here = allowOn(SM, FID, R.Line), Above = allowOn(SM, FID, R.Line - 1);
  R.Allow = Here.empty() ? Above : Above.empty() ? Here : Here + "; " + Above;
  return R;
}

SrcLoc Interp::Impl::loc(SourceLocation L) {
  if (Frames.empty() || !top().Ctx)
    return SrcLoc();
  return toSrcLoc(top().Ctx->getSourceManager(), L);
}

CallSite Interp::Impl::site(SourceLocation L) {
  CallSite C;
  C.At = loc(L);
  C.Scope = Frames.empty() ? "" : top().Scope;
  return C;
}

Value Interp::Impl::unknown(const std::string &Why, SourceLocation L) {
  return Value::unknown(Why, loc(L));
}

std::optional<Interp::Impl::Guess> Interp::Impl::corrected(const NamedDecl *D,
                                                           SourceLocation NameLoc) {
  if (Ix.Corrected.empty() || Frames.empty() || !top().Ctx ||
      !top().Ctx->getSourceManager().isInSystemHeader(D->getLocation()))
    return std::nullopt;
  SrcLoc At = loc(NameLoc);
  auto It = Ix.Corrected.find({At.File, At.Line, At.Col});
  if (It == Ix.Corrected.end())
    return std::nullopt;
  return Guess{It->second, Value::unknown("not in the LibTorch API wattlint-cxx knows; Clang's "
                                          "guess '" +
                                              D->getNameAsString() + "' is not counted",
                                          At)};
}

void Interp::Impl::problem(SourceLocation L, const std::string &Msg) {
  Self.Problems.push_back({loc(L), Msg});
}

void Interp::Impl::stop(const Value &Why) {
  if (Frames.empty() || top().Ret)
    return;
  Self.Problems.push_back({Why.Loc, Why.Text + "; the rest of this function is not analyzed"});
  top().Ret = Why;
}

std::optional<Value> Interp::Impl::fold(const Expr *E) {
  QualType T = E->getType();
  if (E->isValueDependent() || E->isTypeDependent() || T.isNull() || !top().Ctx)
    return std::nullopt;
  bool Int = T->isIntegralOrEnumerationType(), Float = T->isRealFloatingType();
  if (!Int && !Float)
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, *top().Ctx) || R.HasSideEffects)
    return std::nullopt;
  if (R.Val.isInt()) {
    const APSInt &V = R.Val.getInt();
    if (V.getSignificantBits() > 64)
      return std::nullopt;
    // LibTorch's dtypes and devices (torch::kFloat is c10::ScalarType::Float)
    // are not numbers: as one, arange(8, torch::kFloat) read as arange(8, 6).
    if (const auto *ET = T->getAs<EnumType>())
      if (const EnumDecl *ED = ET->getDecl();
          ED->isScoped() && StringRef(ED->getQualifiedNameAsString()).starts_with("c10::")) {
        for (const EnumConstantDecl *EC : ED->enumerators())
          if (EC->getInitVal() == V)
            return Value::string(EC->getNameAsString());
        return std::nullopt;
      }
    if (T->isBooleanType())
      return Value::boolean(V.getBoolValue());
    return Value::integer(V.isSigned() ? V.getSExtValue() : int64_t(V.getZExtValue()));
  }
  if (R.Val.isFloat())
    return Value::real(R.Val.getFloat().convertToDouble());
  return std::nullopt;
}

Value Interp::Impl::eval(const Expr *E) {
  if (!E)
    return Value::unknown("no expression");
  if (Stopped)
    return Value::unknown("the step budget ran out");
  if (++Steps > MaxSteps) {
    Stopped = true;
    problem(E->getExprLoc(), "the interpreter's step budget ran out here");
    return unknown("the step budget ran out", E->getExprLoc());
  }
  // An expression (or calls) nested deeper than the stack holds: its value
  // is unknown, the process goes on.
  if (clang::isStackNearlyExhausted())
    return unknown("an expression nested too deep to evaluate", E->getExprLoc());
  E = E->IgnoreParens();
  if (std::optional<Value> V = fold(E))
    return *V;
  if (auto *C = dyn_cast<CastExpr>(E))
    return evalCast(C);
  if (auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return eval(M->getSubExpr());
  if (auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    return eval(B->getSubExpr());
  if (auto *W = dyn_cast<ExprWithCleanups>(E))
    return eval(W->getSubExpr());
  if (auto *C = dyn_cast<ConstantExpr>(E))
    return eval(C->getSubExpr());
  if (auto *D = dyn_cast<CXXDefaultArgExpr>(E))
    return eval(D->getExpr());
  if (auto *D = dyn_cast<CXXDefaultInitExpr>(E))
    return eval(D->getExpr());
  if (auto *S = dyn_cast<SubstNonTypeTemplateParmExpr>(E))
    return eval(S->getReplacement());
  if (auto *L = dyn_cast<CXXStdInitializerListExpr>(E))
    return eval(L->getSubExpr());
  if (auto *L = dyn_cast<IntegerLiteral>(E))
    return Value::integer(int64_t(L->getValue().getLimitedValue()));
  if (auto *L = dyn_cast<FloatingLiteral>(E))
    return Value::real(L->getValueAsApproximateDouble());
  if (auto *L = dyn_cast<CXXBoolLiteralExpr>(E))
    return Value::boolean(L->getValue());
  if (auto *L = dyn_cast<clang::StringLiteral>(E))
    return L->isOrdinary() ? Value::string(L->getString().str()) : Value::unknown("a wide string");
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return Value::none();
  if (isa<CXXScalarValueInitExpr>(E) || isa<ImplicitValueInitExpr>(E))
    return defaultOf(E->getType(), loc(E->getExprLoc()));
  if (auto *D = dyn_cast<DeclRefExpr>(E))
    return evalDeclRef(D);
  if (auto *M = dyn_cast<MemberExpr>(E))
    return evalMember(M);
  if (isa<CXXThisExpr>(E))
    return top().This ? Value::object(top().This)
                      : unknown("'this' outside a module", E->getExprLoc());
  if (auto *U = dyn_cast<UnaryOperator>(E))
    return evalUnary(U);
  if (auto *B = dyn_cast<BinaryOperator>(E))
    return evalBinary(B);
  if (auto *C = dyn_cast<ConditionalOperator>(E)) {
    std::optional<bool> Cond = condition(C->getCond());
    if (!Cond)
      return unknown("a ?: on a condition that is not known", C->getExprLoc());
    return eval(*Cond ? C->getTrueExpr() : C->getFalseExpr());
  }
  if (auto *L = dyn_cast<InitListExpr>(E))
    return evalList(L);
  if (auto *C = dyn_cast<CXXConstructExpr>(E))
    return evalConstruct(C);
  if (auto *C = dyn_cast<CXXOperatorCallExpr>(E))
    return evalOperatorCall(C);
  if (auto *C = dyn_cast<CXXMemberCallExpr>(E))
    return evalMemberCall(C);
  if (auto *C = dyn_cast<CallExpr>(E))
    return evalCall(C);
  if (auto *N = dyn_cast<CXXNewExpr>(E))
    return N->getConstructExpr() ? eval(N->getConstructExpr())
                                 : unknown("a new-expression", E->getExprLoc());
  if (auto *L = dyn_cast<LambdaExpr>(E)) {
    Value V;
    V.K = Value::Kind::Function;
    V.Text = "<lambda>";
    V.Lambda = L->getCallOperator();
    return V;
  }
  if (auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
    Value Base = eval(A->getBase());
    std::optional<int64_t> I = eval(A->getIdx()).asInt();
    if (Base.K == Value::Kind::List && I && *I >= 0 && size_t(*I) < Base.Elems.size())
      return Base.Elems[*I];
    return unknown("an element of an array that is not known", E->getExprLoc());
  }
  if (isa<RecoveryExpr>(E))
    return unknown("code that does not compile", E->getExprLoc());
  return unknown(std::string("a ") + E->getStmtClassName() + " expression", E->getExprLoc());
}

Value Interp::Impl::lookupVar(const VarDecl *VD, SourceLocation At) {
  for (auto It = Frames.rbegin(); It != Frames.rend(); ++It) {
    auto V = It->Vars.find(VD);
    if (V != It->Vars.end())
      return V->second;
    if (It->Fn) // locals of callers are not visible
      break;
  }
  return evalVarInit(VD, At);
}

Value Interp::Impl::evalDeclRef(const DeclRefExpr *E) {
  const ValueDecl *D = E->getDecl();
  if (auto *VD = dyn_cast<VarDecl>(D))
    return lookupVar(VD, E->getExprLoc());
  if (auto *B = dyn_cast<BindingDecl>(D)) {
    if (const VarDecl *H = B->getHoldingVar())
      return lookupVar(H, E->getExprLoc());
    return eval(B->getBinding());
  }
  if (auto *EC = dyn_cast<EnumConstantDecl>(D)) {
    // LibTorch's dtypes and devices (torch::kFloat is c10::ScalarType::Float)
    // are not numbers: as one, arange(8, torch::kFloat) read as arange(8, 6).
    auto *ED = dyn_cast<EnumDecl>(EC->getDeclContext());
    if (ED && ED->isScoped() && StringRef(ED->getQualifiedNameAsString()).starts_with("c10::"))
      return Value::string(EC->getNameAsString());
    return Value::integer(EC->getInitVal().getSExtValue());
  }
  if (auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (std::optional<Guess> G = corrected(FD, E->getLocation()))
      return G->Why;
    Value V;
    V.K = Value::Kind::Function;
    V.Text = FD->getQualifiedNameAsString();
    V.Fn = FD;
    return V;
  }
  return unknown("'" + D->getNameAsString() + "'", E->getExprLoc());
}

Value Interp::Impl::evalVarInit(const VarDecl *VD, SourceLocation At) {
  std::string Name = VD->getQualifiedNameAsString();
  // torch::kSame, torch::kReLU, ...: enumerators of the options.
  if ((StringRef(Name).starts_with("torch::") || StringRef(Name).starts_with("at::")) &&
      StringRef(VD->getName()).starts_with("k") && !VD->getInit())
    return Value::string(VD->getName().str());
  if (Name == "std::nullopt" || Name == "c10::nullopt" || Name == "at::indexing::None")
    return Value::none();
  if (Name == "at::indexing::Ellipsis")
    return Value::string("Ellipsis");
  const Expr *Init = VD->getAnyInitializer();
  if (!Init || isa<ParmVarDecl>(VD))
    return unknown("'" + VD->getNameAsString() + "' is known only at run time", At);
  if (!Evaluating.insert(VD).second)
    return unknown("'" + VD->getNameAsString() + "' depends on itself", At);
  // A constant, a global or a local of another function (a construction
  // site in main()): its initializer, as nothing here assigns it.
  Value V = eval(Init);
  Evaluating.erase(VD);
  return V;
}

Value Interp::Impl::evalMember(const MemberExpr *E) {
  const ValueDecl *D = E->getMemberDecl();
  if (auto *VD = dyn_cast<VarDecl>(D)) // a static member
    return evalVarInit(VD, E->getExprLoc());
  Value Base = eval(E->getBase());
  // LibTorch 1.4's RNNOutput: .output and .state of a recurrent result.
  if (Base.K == Value::Kind::Tuple && Base.Elems.size() == 2 &&
      (D->getName() == "output" || D->getName() == "state"))
    return Base.Elems[D->getName() == "output" ? 0 : 1];
  // A std::pair's first/second, a plain struct built from a braced list
  // (`return {recon, mu, log_var};` as a VAEOutput): its fields in order.
  if (auto *FD = dyn_cast<FieldDecl>(D);
      FD && (Base.K == Value::Kind::Tuple || Base.K == Value::Kind::List) &&
      FD->getFieldIndex() < Base.Elems.size() &&
      !derivesFromModule(dyn_cast<CXXRecordDecl>(FD->getParent())))
    return Base.Elems[FD->getFieldIndex()];
  if (Base.K == Value::Kind::Object) {
    if (Value *F = Base.Obj->field(D->getName()))
      return materialize(*F);
    // A built-in layer's weight or bias read in forward() (a tied head:
    // einsum with embed->weight).
    if (InForward && Base.Obj->isLayer() && (D->getName() == "weight" || D->getName() == "bias"))
      return B.layerWeight(*Base.Obj, D->getName(), site(E->getExprLoc()));
    return unknown("member '" + D->getNameAsString() + "' has no value yet", E->getExprLoc());
  }
  if (Base.isUnknown())
    return Base;
  return unknown("member '" + D->getNameAsString() + "' of a " + Base.str(), E->getExprLoc());
}

Value Interp::Impl::materialize(Value V) {
  if (!InForward)
    return V;
  if (V.K == Value::Kind::Param)
    return B.parameter(V);
  if (V.K == Value::Kind::List || V.K == Value::Kind::Tuple)
    for (Value &E : V.Elems)
      E = materialize(std::move(E));
  return V;
}

namespace {

/// V (computed exactly, in int64_t) as integer type T holds it, as C++
/// does: an unsigned type wraps (a uint32_t 65536 * 65536 + 4 is 4, a
/// uint8_t of 300 is 44), a conversion to a narrower signed type wraps too
/// (C++20); nullopt where C++ has no value (a signed operation that
/// overflows its type) or the interpreter holds none (an unsigned 64-bit
/// value of 2^63 or more).
std::optional<int64_t> inType(const ASTContext *Ctx, QualType T, int64_t V, bool Conversion) {
  if (!Ctx || T.isNull() || !T->isIntegerType() || T->isBooleanType())
    return V;
  unsigned Width = Ctx->getIntWidth(T);
  bool Unsigned = T->isUnsignedIntegerOrEnumerationType();
  if (Width >= 64)
    return !Unsigned || V >= 0 ? std::optional<int64_t>(V) : std::nullopt;
  uint64_t Mask = (uint64_t(1) << Width) - 1;
  if (Unsigned)
    return int64_t(uint64_t(V) & Mask);
  int64_t Half = int64_t(1) << (Width - 1);
  if (V >= -Half && V < Half)
    return V;
  if (!Conversion)
    return std::nullopt;
  uint64_t Bits = uint64_t(V) & Mask;
  return Bits >= uint64_t(Half) ? int64_t(Bits) - (int64_t(1) << Width) : int64_t(Bits);
}

/// A double as an int64_t (truncated, as C++ converts); nullopt where no
/// int64_t is (a NaN, 1e30: the conversion would be undefined).
std::optional<int64_t> truncated(double D) {
  if (!(D > -9.2e18 && D < 9.2e18))
    return std::nullopt;
  return int64_t(D);
}

/// A op B on integers, checked; nullopt on overflow or division by zero.
std::optional<int64_t> intOp(BinaryOperatorKind Op, int64_t A, int64_t B) {
  int64_t R = 0;
  switch (Op) {
  case BO_Add:
    return AddOverflow(A, B, R) ? std::nullopt : std::optional<int64_t>(R);
  case BO_Sub:
    return SubOverflow(A, B, R) ? std::nullopt : std::optional<int64_t>(R);
  case BO_Mul:
    return MulOverflow(A, B, R) ? std::nullopt : std::optional<int64_t>(R);
  case BO_Div:
    return B == 0 || (A == INT64_MIN && B == -1) ? std::nullopt : std::optional<int64_t>(A / B);
  case BO_Rem:
    return B == 0 || (A == INT64_MIN && B == -1) ? std::nullopt : std::optional<int64_t>(A % B);
  case BO_Shl:
    return B < 0 || B > 62 || A < 0 || A > (INT64_MAX >> B) ? std::nullopt
                                                            : std::optional<int64_t>(A << B);
  case BO_Shr:
    return B < 0 || B > 63 ? std::nullopt : std::optional<int64_t>(A >> B);
  default:
    return std::nullopt;
  }
}

std::optional<Value> compare(BinaryOperatorKind Op, double A, double B) {
  switch (Op) {
  case BO_LT:
    return Value::boolean(A < B);
  case BO_GT:
    return Value::boolean(A > B);
  case BO_LE:
    return Value::boolean(A <= B);
  case BO_GE:
    return Value::boolean(A >= B);
  case BO_EQ:
    return Value::boolean(A == B);
  case BO_NE:
    return Value::boolean(A != B);
  default:
    return std::nullopt;
  }
}

/// A op B on numbers (ints stay ints, a double makes the result double).
Value arith(BinaryOperatorKind Op, const Value &A, const Value &B) {
  if (std::optional<Value> C = compare(Op, A.asDouble().value_or(0), B.asDouble().value_or(0));
      C && A.isNumber() && B.isNumber())
    return *C;
  if ((A.K == Value::Kind::Int || A.K == Value::Kind::Bool) &&
      (B.K == Value::Kind::Int || B.K == Value::Kind::Bool)) {
    if (std::optional<int64_t> R = intOp(Op, A.I, B.I))
      return Value::integer(*R);
    return Value::unknown("integer arithmetic that overflows or divides by zero");
  }
  std::optional<double> X = A.asDouble(), Y = B.asDouble();
  if (!X || !Y)
    return Value::unknown("arithmetic on " + A.str() + " and " + B.str());
  switch (Op) {
  case BO_Add:
    return Value::real(*X + *Y);
  case BO_Sub:
    return Value::real(*X - *Y);
  case BO_Mul:
    return Value::real(*X * *Y);
  case BO_Div:
    return *Y == 0 ? Value::unknown("a division by zero") : Value::real(*X / *Y);
  default:
    return Value::unknown("an operator on doubles");
  }
}

} // namespace

Value Interp::Impl::evalUnary(const UnaryOperator *E) {
  UnaryOperatorKind Op = E->getOpcode();
  if (Op == UO_Deref || Op == UO_AddrOf)
    return eval(E->getSubExpr());
  Value V = eval(E->getSubExpr());
  if (E->isIncrementDecrementOp()) {
    if (V.K != Value::Kind::Int)
      return unknown("++/-- on a value that is not known", E->getExprLoc());
    int64_t Next = 0;
    std::optional<int64_t> Held;
    if (!__builtin_add_overflow(V.I, E->isIncrementOp() ? 1 : -1, &Next))
      Held = inType(ctx(), E->getType(), Next, false);
    if (!Held)
      return unknown("++/-- past its type's range", E->getExprLoc());
    Next = *Held;
    Value N = Value::integer(Next);
    assign(E->getSubExpr(), N);
    return E->isPrefix() ? N : V;
  }
  if (Op == UO_LNot) {
    std::optional<bool> B = V.K == Value::Kind::Object ? true
                            : V.K == Value::Kind::None ? false
                                                       : V.asBool();
    return B ? Value::boolean(!*B) : unknown("'!' on a value that is not known", E->getExprLoc());
  }
  if (Op == UO_Minus && V.K == Value::Kind::Int && V.I != INT64_MIN)
    return Value::integer(-V.I);
  if (Op == UO_Minus && V.K == Value::Kind::Double)
    return Value::real(-V.D);
  if (Op == UO_Plus)
    return V;
  if (V.isUnknown())
    return V;
  return unknown("a unary operator on " + V.str(), E->getExprLoc());
}

Value Interp::Impl::evalBinary(const BinaryOperator *E) {
  BinaryOperatorKind Op = E->getOpcode();
  if (Op == BO_Comma) {
    eval(E->getLHS());
    return eval(E->getRHS());
  }
  if (Op == BO_LAnd || Op == BO_LOr) {
    std::optional<bool> L = condition(E->getLHS());
    if (L && *L == (Op == BO_LOr))
      return Value::boolean(*L);
    std::optional<bool> R = condition(E->getRHS());
    if (L && R)
      return Value::boolean(*R);
    return unknown("a condition that is not known", E->getExprLoc());
  }
  if (Op == BO_Assign) {
    Value V = eval(E->getRHS());
    assign(E->getLHS(), V);
    return V;
  }
  if (auto *C = dyn_cast<CompoundAssignOperator>(E)) {
    BinaryOperatorKind Plain = BinaryOperator::getOpForCompoundAssignment(Op);
    Value L = eval(E->getLHS()), R = eval(E->getRHS());
    Value V = sizeArith(Plain, L, R, E->getExprLoc()).value_or(arith(Plain, L, R));
    if (E->getType()->isIntegerType() && V.K == Value::Kind::Double) {
      std::optional<int64_t> I = truncated(V.D);
      V = I ? Value::integer(*I) : unknown("a number no integer holds", E->getExprLoc());
    }
    if (V.K == Value::Kind::Int) {
      // The operation in the operands' type, then back to the left's type.
      std::optional<int64_t> I = inType(ctx(), C->getComputationResultType(), V.I, false);
      if (I)
        I = inType(ctx(), E->getType(), *I, true);
      V = I ? Value::integer(*I)
            : unknown("integer arithmetic that overflows its type", E->getExprLoc());
    }
    assign(C->getLHS(), V);
    return V;
  }
  Value A = eval(E->getLHS()), B = eval(E->getRHS());
  if (A.isUnknown())
    return A;
  if (B.isUnknown())
    return B;
  if (std::optional<Value> S = sizeArith(Op, A, B, E->getExprLoc()))
    return *S;
  Value R = arith(Op, A, B);
  if (R.K == Value::Kind::Int && !E->isComparisonOp()) {
    std::optional<int64_t> I = inType(ctx(), E->getType(), R.I, false);
    if (!I)
      return unknown("integer arithmetic that overflows its type", E->getExprLoc());
    R.I = *I;
  }
  if (R.isUnknown())
    R.Loc = loc(E->getExprLoc());
  return R;
}

std::optional<Value> Interp::Impl::sizeArith(BinaryOperatorKind Op, const Value &X, const Value &Y,
                                             SourceLocation At) {
  // `int64_t n = x.size(1) * x.size(2)`: a size read from a tensor is known
  // only once shapes are, so its arithmetic is graph arithmetic on i64, as
  // the exporter's.
  auto Size = [](const Value &V) { return V.K == Value::Kind::Tensor && V.IsSizeScalar; };
  auto Int = [](const Value &V) { return V.K == Value::Kind::Int; };
  if (!((Size(X) && (Size(Y) || Int(Y))) || (Int(X) && Size(Y))))
    return std::nullopt;
  const char *Name = Op == BO_Add   ? "+"
                     : Op == BO_Sub ? "-"
                     : Op == BO_Mul ? "*"
                     : Op == BO_Div ? "/"
                                    : nullptr;
  if (!Name)
    return std::nullopt;
  return B.callFunction(Name, {X, Y}, site(At));
}

Value Interp::Impl::evalCast(const CastExpr *E) {
  Value V = eval(E->getSubExpr());
  QualType T = E->getType();
  if (V.isUnknown() || T.isNull())
    return V;
  if (T->isBooleanType()) {
    if (V.K == Value::Kind::Object)
      return Value::boolean(true);
    if (V.K == Value::Kind::None)
      return Value::boolean(false);
    if (std::optional<bool> B = V.asBool())
      return Value::boolean(*B);
    if (V.K == Value::Kind::Double)
      return Value::boolean(V.D != 0);
    return V;
  }
  if (T->isIntegerType() && V.K == Value::Kind::Double) {
    // A double out of the type's range has no value in C++.
    std::optional<int64_t> I = truncated(V.D);
    std::optional<int64_t> Held = I ? inType(ctx(), T, *I, true) : std::nullopt;
    if (!I || !Held || *Held != *I)
      return unknown("a number its integer type cannot hold", E->getExprLoc());
    return Value::integer(*I);
  }
  if (T->isIntegerType() && V.K == Value::Kind::Int) {
    std::optional<int64_t> Held = inType(ctx(), T, V.I, true);
    if (!Held)
      return unknown("an integer its type cannot hold", E->getExprLoc());
    if (*Held != V.I)
      return Value::integer(*Held);
  }
  if (T->isIntegerType() && V.K == Value::Kind::Bool)
    return Value::integer(V.I);
  if (T->isRealFloatingType() && (V.K == Value::Kind::Int || V.K == Value::Kind::Bool))
    return Value::real(double(V.I));
  return V;
}

Value Interp::Impl::evalList(const InitListExpr *E) {
  const InitListExpr *S = E->isSemanticForm() ? E : E->getSemanticForm();
  if (!S)
    S = E;
  std::vector<Value> Elems;
  for (const Expr *I : S->inits())
    Elems.push_back(eval(I));
  // A braced scalar ({5}) initializing a number is that number, and one
  // object braced as itself (`nn::Conv2d conv{conv3x3(3, 16)}`) that object.
  if (Elems.size() == 1 && (S->getType()->isArithmeticType()))
    return Elems[0];
  if (Elems.size() == 1 && S->getType()->isRecordType() && S->getInit(0) &&
      S->getInit(0)->getType()->getAsCXXRecordDecl() == S->getType()->getAsCXXRecordDecl())
    return Elems[0];
  // An aggregate wrapping one array (std::array<int64_t, 3>{2, 2, 2}: the
  // braces of its member elided) is the array's elements.
  if (Elems.size() == 1 && Elems[0].K == Value::Kind::List && S->getType()->isRecordType() &&
      S->getInit(0) && S->getInit(0)->getType()->isArrayType())
    return Elems[0];
  return Value::list(std::move(Elems));
}

Value Interp::Impl::defaultOf(QualType T, const SrcLoc &At) {
  if (T->isBooleanType())
    return Value::boolean(false);
  if (T->isIntegralOrEnumerationType())
    return Value::integer(0);
  if (T->isRealFloatingType())
    return Value::real(0);
  if (T->isPointerType() || T->isNullPtrType())
    return Value::none();
  TypeInfo I = classify(T);
  if (I.K == TypeInfo::Holder || I.K == TypeInfo::Module || I.K == TypeInfo::Container ||
      I.K == TypeInfo::Optional || I.K == TypeInfo::String || I.K == TypeInfo::Tuple)
    return constructType(T, nullptr, {}, At, false);
  return Value::unknown("a default-constructed " + T.getAsString(), At);
}

void Interp::Impl::assign(const Expr *LHS, Value V) {
  LHS = LHS->IgnoreParenImpCasts();
  if (auto *D = dyn_cast<DeclRefExpr>(LHS)) {
    auto *VD = dyn_cast<VarDecl>(D->getDecl());
    if (!VD)
      return;
    for (auto It = Frames.rbegin(); It != Frames.rend(); ++It) {
      if (It->Vars.count(VD) || It->Fn) {
        It->Vars[VD] = std::move(V);
        return;
      }
    }
    return;
  }
  if (auto *M = dyn_cast<MemberExpr>(LHS)) {
    Value Base = eval(M->getBase());
    if (Base.K == Value::Kind::Object)
      Base.Obj->setField(M->getMemberDecl()->getName(), std::move(V));
    return;
  }
  if (auto *C = dyn_cast<CallExpr>(LHS)) {
    // std::tie(a, b) = ...: element by element.
    const FunctionDecl *FD = C->getDirectCallee();
    if (FD && FD->getQualifiedNameAsString() == "std::tie" &&
        (V.K == Value::Kind::Tuple || V.K == Value::Kind::List))
      for (unsigned I = 0; I < C->getNumArgs() && I < V.Elems.size(); ++I)
        assign(C->getArg(I), V.Elems[I]);
    return;
  }
  if (auto *W = dyn_cast<MaterializeTemporaryExpr>(LHS))
    return assign(W->getSubExpr(), std::move(V));
}

std::optional<bool> Interp::Impl::condition(const Expr *E) {
  Value V = eval(E);
  if (V.K == Value::Kind::Object)
    return true;
  if (V.K == Value::Kind::None)
    return false;
  if (V.K == Value::Kind::Double)
    return V.D != 0;
  return V.asBool();
}

void Interp::Impl::declare(const VarDecl *VD) {
  Value V;
  if (const Expr *Init = VD->getInit()) {
    V = eval(Init);
    // Options have value semantics: a copy is its own.
    if (V.K == Value::Kind::Options)
      V.Opts = std::make_shared<OptionsData>(*V.Opts);
  } else {
    V = defaultOf(VD->getType(), loc(VD->getLocation()));
  }
  top().Vars[VD] = std::move(V);
}

void Interp::Impl::exec(const Stmt *S) {
  if (!S || Stopped)
    return;
  Frame &F = top();
  if (F.Ret || F.Break || F.Continue)
    return;
  if (auto *C = dyn_cast<CompoundStmt>(S)) {
    // Clang leaves out a statement it could not make sense of (a loop over a
    // range of a type the stubs lack): running on past it would be a guess.
    auto [Gap, Before] = dropped(C);
    size_t K = 0;
    for (const Stmt *Sub : C->body()) {
      if (Gap.isValid() && K++ == Before)
        break;
      exec(Sub);
      if (top().Ret || top().Break || top().Continue || Stopped)
        return;
    }
    if (Gap.isValid())
      stop(unknown("a statement here does not compile against the LibTorch API wattlint-cxx "
                   "knows and is left out",
                   Gap));
    return;
  }
  if (auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Dl : D->decls())
      if (auto *VD = dyn_cast<VarDecl>(Dl))
        declare(VD);
    return;
  }
  if (auto *R = dyn_cast<ReturnStmt>(S)) {
    Value V = R->getRetValue() ? eval(R->getRetValue()) : Value::none();
    top().Ret = std::move(V);
    return;
  }
  if (auto *I = dyn_cast<IfStmt>(S))
    return execIf(I);
  if (auto *Sw = dyn_cast<SwitchStmt>(S))
    return execSwitch(Sw);
  if (auto *Case = dyn_cast<SwitchCase>(S))
    return exec(Case->getSubStmt());
  if (auto *L = dyn_cast<ForStmt>(S))
    return execFor(L);
  if (auto *L = dyn_cast<CXXForRangeStmt>(S))
    return execRangeFor(L);
  if (auto *W = dyn_cast<WhileStmt>(S))
    return execWhile(W->getCond(), W->getBody(), false);
  if (auto *W = dyn_cast<DoStmt>(S))
    return execWhile(W->getCond(), W->getBody(), true);
  if (isa<BreakStmt>(S)) {
    F.Break = true;
    return;
  }
  if (isa<ContinueStmt>(S)) {
    F.Continue = true;
    return;
  }
  if (auto *E = dyn_cast<Expr>(S)) {
    eval(E);
    return;
  }
  if (isa<NullStmt>(S))
    return;
  stop(unknown(std::string("a ") + S->getStmtClassName() + " statement", S->getBeginLoc()));
}

namespace {

/// The first character of source text in [From, To) that is not blank, a
/// comment or a semicolon; invalid when there is none, or when the range is
/// not plain text of one file (macros, preprocessor lines).
SourceLocation textIn(const SourceManager &SM, SourceLocation From, SourceLocation To) {
  if (From.isInvalid() || To.isInvalid() || From.isMacroID() || To.isMacroID())
    return {};
  auto [FA, OA] = SM.getDecomposedLoc(From);
  auto [FB, OB] = SM.getDecomposedLoc(To);
  if (FA != FB || OA >= OB)
    return {};
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(FA, &Invalid);
  if (Invalid || OB > Buf.size())
    return {};
  StringRef T = Buf.slice(OA, OB);
  for (size_t I = 0; I < T.size(); ++I) {
    char C = T[I];
    if (isSpace(C) || C == ';')
      continue;
    if (T.substr(I).starts_with("//")) {
      I = std::min(T.size(), T.find('\n', I));
      continue;
    }
    if (T.substr(I).starts_with("/*")) {
      size_t End = T.find("*/", I + 2);
      if (End == StringRef::npos)
        return {};
      I = End + 1;
      continue;
    }
    if (C == '#')
      return {}; // a preprocessor line: what it hides is not known here
    return From.getLocWithOffset(I);
  }
  return {};
}

} // namespace

std::pair<SourceLocation, size_t> Interp::Impl::dropped(const CompoundStmt *C) {
  auto [It, New] = Dropped.try_emplace(C);
  if (!New || Frames.empty() || !top().Ctx)
    return It->second;
  const SourceManager &SM = top().Ctx->getSourceManager();
  const LangOptions &LO = top().Ctx->getLangOpts();
  // Only a block Clang reported an error in can have lost a statement (text
  // between statements is otherwise a macro that expands to nothing).
  SrcLoc Open = toSrcLoc(SM, C->getLBracLoc()), Close = toSrcLoc(SM, C->getRBracLoc());
  if (none_of(Ix.ErrorsAt, [&](const SrcLoc &E) {
        return E.File == Open.File && E.Line >= Open.Line && E.Line <= Close.Line;
      }))
    return It->second;
  SourceLocation From = C->getLBracLoc().getLocWithOffset(1);
  size_t K = 0;
  auto Check = [&](SourceLocation To) {
    if (It->second.first.isInvalid())
      It->second = {textIn(SM, From, To), K};
  };
  for (const Stmt *Sub : C->body()) {
    Check(Sub->getBeginLoc());
    From = Lexer::getLocForEndOfToken(Sub->getEndLoc(), 0, SM, LO);
    ++K;
  }
  Check(C->getRBracLoc());
  return It->second;
}

void Interp::Impl::execIf(const IfStmt *S) {
  exec(S->getInit());
  if (const VarDecl *CV = S->getConditionVariable())
    declare(CV);
  std::optional<bool> C = condition(S->getCond());
  if (!C)
    return stop(unknown("an 'if' on a condition that is not known", S->getIfLoc()));
  exec(*C ? S->getThen() : S->getElse());
}

void Interp::Impl::execSwitch(const SwitchStmt *S) {
  exec(S->getInit());
  if (const VarDecl *CV = S->getConditionVariable())
    declare(CV);
  std::optional<int64_t> V = eval(S->getCond()).asInt();
  auto *Body = dyn_cast_or_null<CompoundStmt>(S->getBody());
  if (!V || !Body)
    return stop(unknown("a 'switch' on a value that is not known", S->getSwitchLoc()));
  // Run from the matching label (else `default:`) on, falling through, up to
  // a break.
  std::vector<const Stmt *> Stmts(Body->body_begin(), Body->body_end());
  std::optional<size_t> Start, Default;
  for (size_t K = 0; K < Stmts.size() && !Start; ++K) {
    if (isa<DefaultStmt>(Stmts[K]))
      Default = K;
    for (auto *C = dyn_cast<CaseStmt>(Stmts[K]); C; C = dyn_cast<CaseStmt>(C->getSubStmt())) {
      std::optional<int64_t> L = eval(C->getLHS()).asInt();
      if (!L || C->getRHS())
        return stop(unknown("a 'case' label that is not known", C->getCaseLoc()));
      if (*L == *V)
        Start = K;
    }
  }
  if (!Start)
    Start = Default;
  for (size_t K = Start.value_or(Stmts.size()); K < Stmts.size(); ++K) {
    exec(Stmts[K]);
    if (top().Ret || top().Break || top().Continue || Stopped)
      break;
  }
  top().Break = false;
}

void Interp::Impl::execFor(const ForStmt *S) {
  exec(S->getInit());
  while (!Stopped) {
    if (const VarDecl *CV = S->getConditionVariable())
      declare(CV);
    if (S->getCond()) {
      std::optional<bool> C = condition(S->getCond());
      if (!C)
        return stop(unknown("a loop whose bound is not known", S->getForLoc()));
      if (!*C)
        break;
    }
    exec(S->getBody());
    Frame &F = top();
    F.Continue = false;
    if (F.Break || F.Ret) {
      F.Break = false;
      return;
    }
    if (S->getInc())
      eval(S->getInc());
  }
}

void Interp::Impl::execRangeFor(const CXXForRangeStmt *S) {
  exec(S->getInit());
  Value R = eval(S->getRangeInit());
  std::vector<Value> Elems;
  if (R.K == Value::Kind::List || R.K == Value::Kind::Tuple)
    Elems = R.Elems;
  else if (R.K == Value::Kind::Object)
    for (auto &[Name, Child] : R.Obj->Children)
      Elems.push_back(Child);
  else
    return stop(unknown("a loop over a range that is not known", S->getForLoc()));
  for (const Value &E : Elems) {
    if (Stopped)
      return;
    top().Vars[S->getLoopVariable()] = E;
    exec(S->getBody());
    Frame &F = top();
    F.Continue = false;
    if (F.Break || F.Ret) {
      F.Break = false;
      return;
    }
  }
}

void Interp::Impl::execWhile(const Expr *Cond, const Stmt *Body, bool Do) {
  for (bool First = true; !Stopped; First = false) {
    if (!(Do && First)) {
      std::optional<bool> C = condition(Cond);
      if (!C)
        return stop(unknown("a loop whose condition is not known", Cond->getExprLoc()));
      if (!*C)
        return;
    }
    exec(Body);
    Frame &F = top();
    F.Continue = false;
    if (F.Break || F.Ret) {
      F.Break = false;
      return;
    }
  }
}

// ---- Interp ---------------------------------------------------------------

Interp::Interp(const Index &Ix, GraphBuilder &B, std::map<std::string, Value> Bindings)
    : P(std::make_unique<Impl>(*this, Ix, B, std::move(Bindings))) {
  B.Setup = true;
}

Interp::~Interp() = default;

Value Interp::construct(StringRef Class, ArrayRef<Value> Args, const SrcLoc &At,
                        const CXXConstructorDecl *Ctor) {
  Value V = P->construct(Class, Args, At, Ctor);
  if (V.K == Value::Kind::Object)
    assignPaths(*V.Obj, "", P->B);
  return V;
}

Value Interp::evalAt(const Expr *E, const FunctionDecl *In, const ASTContext &Ctx) {
  Frame F;
  F.Fn = In;
  F.Ctx = &Ctx;
  P->Frames.push_back(std::move(F));
  Value V = P->eval(E);
  P->Frames.pop_back();
  if (V.K == Value::Kind::Options)
    V.Opts = std::make_shared<OptionsData>(*V.Opts);
  if (V.K == Value::Kind::Object && !V.Obj->PathSet && V.Obj->Kind == "Sequential")
    assignPaths(*V.Obj, "", P->B);
  return V;
}

Value Interp::call(const FunctionDecl *FD, const SrcLoc &At) {
  Value V = P->callUser(FD, nullptr, {}, "", FD->getLocation());
  if (V.K == Value::Kind::Object)
    assignPaths(*V.Obj, "", P->B);
  else if (V.isUnknown() && !V.Loc.valid())
    V.Loc = At;
  return V;
}

Value Interp::forward(const Value &M, ArrayRef<Value> Inputs, const CallSite &C) {
  P->InForward = true;
  P->B.Setup = false;
  Value R = P->callModule(M, Inputs, C);
  P->InForward = false;
  P->B.Setup = true;
  // Where the step budget ran out (in the constructor or here), forward()
  // was not followed to its end, whatever it returned: the rest is
  // unresolved, never a smaller model called complete.
  if (P->Stopped)
    return Value::unknown("the interpreter's step budget ran out");
  return R;
}

void Interp::assignPaths(Object &Root, const std::string &Prefix, GraphBuilder &B) {
  auto Name = [&](const std::string &N) { return Prefix.empty() ? N : Prefix + "." + N; };
  auto Visit = [&](Value &V, const std::string &N) {
    if (V.K != Value::Kind::Object || V.Obj->PathSet)
      return;
    V.Obj->Path = Name(N);
    V.Obj->PathSet = true;
    if (V.Obj->Kind == "ModuleList" || V.Obj->Kind == "ModuleDict")
      B.addList(V.Obj->Path);
    assignPaths(*V.Obj, V.Obj->Path, B);
  };
  for (auto &[N, V] : Root.Children)
    Visit(V, N);
  // Members never registered still get a name for their nodes.
  for (auto &[N, V] : Root.Fields)
    Visit(V, N);
}

} // namespace cxx
} // namespace wattlint
