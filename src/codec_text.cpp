// The JSON text readers of protocol v2 messages and persistence metadata. Native builds only:
// the wasm links no JSON reader; js-shim/wasm/text-message.ts and stored-meta.ts apply these
// same checks in JS and hand the core the binary form. The native tests and fuzzers keep
// them as the reference that JS conversion is compared against.
#include <cmath>

#include "codec.h"

namespace us {
namespace {

constexpr double kMaxSafeInt = 9007199254740991.0;  // JS Number.MAX_SAFE_INTEGER

const Node* member(const Node& obj, std::string_view name) {
  if (obj.type != Type::Object) return nullptr;
  const NodeP* m = obj.find(name);
  return m ? m->get() : nullptr;
}

bool safeUint(const Node* n, double& out) {
  if (!n || n->type != Type::Number) return false;
  double d = n->number;
  if (!(d >= 0 && d <= kMaxSafeInt) || d != std::floor(d)) return false;
  out = d;
  return true;
}

bool optionalString(const Node& obj, std::string_view name, std::string& out) {
  const Node* n = member(obj, name);
  if (!n) return true;
  if (n->type != Type::String || n->str.size() > Limits::kMaxKeyBytes) return false;
  out = n->str;
  return true;
}

Status decodeOne(const Node& n, OpP& result) {
  if (n.type != Type::Object) return Status::make(Code::BAD_MESSAGE, "op is not an object");
  auto op = std::make_shared<Op>();
  const Node* c = member(n, "c");
  if (!c || !decodeClock(*c, op->clock)) return Status::make(Code::BAD_MESSAGE, "bad clock");
  double kind = 0;
  if (!safeUint(member(n, "d"), kind) || kind > 2) return Status::make(Code::BAD_MESSAGE, "bad op kind");
  op->kind = static_cast<OpKind>(static_cast<int>(kind));
  if (!optionalString(n, "s", op->source) || !optionalString(n, "w", op->writer))
    return Status::make(Code::BAD_MESSAGE, "bad source or writer");
  if (op->kind != OpKind::Clear) {
    const Node* k = member(n, "k");
    if (!k || k->type != Type::String) return Status::make(Code::BAD_KEY, "missing key");
    Status st = checkKey(k->str);
    if (!st.ok()) return st;
    op->key = k->str;
    const Node* p = member(n, "p");
    if (p && !decodePath(*p, op->path, st)) return st;
  }
  if (op->kind == OpKind::Set) {
    const NodeP* v = n.find("v");
    if (!v) return Status::make(Code::BAD_MESSAGE, "set without value");
    size_t bytes = 0;
    Status st = validateTree(**v, Limits::kMaxDepth - op->path.size(), bytes);
    if (!st.ok()) return st;
    if (bytes > Limits::kMaxValueBytes) return Status::make(Code::TOO_LARGE, "value over 1 MiB");
    op->value = *v;
  }
  result = std::move(op);
  return {};
}

}  // namespace

bool decodeClock(const Node& n, Clock& out) {
  if (n.type != Type::Array || n.items.size() != 3) return false;
  double wall = 0, counter = 0;
  if (!safeUint(n.items[0].get(), wall) || !safeUint(n.items[1].get(), counter)) return false;
  const Node& o = *n.items[2];
  if (o.type != Type::String || o.str.size() > Limits::kMaxOriginBytes) return false;
  out.wall = static_cast<int64_t>(wall);
  out.counter = static_cast<uint64_t>(counter);
  out.origin = o.str;
  // Only the zero clock of a metadata-less storage load may lack an origin.
  return !out.origin.empty() || (out.wall == 0 && out.counter == 0);
}

bool decodePath(const Node& n, Path& out, Status& st) {
  if (n.type != Type::Array) {
    st = Status::make(Code::BAD_PATH, "path is not an array");
    return false;
  }
  out.clear();
  for (const NodeP& seg : n.items) {
    if (seg->type == Type::String) {
      out.push_back(Segment::member(seg->str));
    } else {
      double idx = 0;
      if (!safeUint(seg.get(), idx) || idx > Limits::kMaxArrayIndex) {
        st = Status::make(Code::BAD_PATH, "bad path segment");
        return false;
      }
      out.push_back(Segment::at(static_cast<uint32_t>(idx)));
    }
  }
  st = checkPath(out);
  return st.ok();
}

DecodedMessage decodeMessage(std::string_view text) {
  DecodedMessage m;
  if (text.size() > kMaxStateMessageBytes) {
    m.status = Status::make(Code::TOO_LARGE, "message over the size limit");
    return m;
  }
  ParseOptions po;
  po.maxDepth = Limits::kMaxDepth + 4;  // envelope + op + clock/path around the value
  po.rejectForbidden = false;           // checked per op, so one bad op drops only itself
  Status st;
  NodeP root = parseJson(text, po, 0, st);
  if (!root) {
    m.status = Status::make(st.code == Code::TOO_DEEP ? Code::TOO_DEEP : Code::BAD_MESSAGE,
                            "message: " + st.message);
    return m;
  }
  const Node* t = member(*root, "t");
  if (!t || t->type != Type::String) {
    m.status = Status::make(Code::BAD_MESSAGE, "message without a type");
    return m;
  }
  if (t->str == "ops") m.type = MessageType::Ops;
  else if (t->str == "state") m.type = MessageType::State;
  else if (t->str == "hello") m.type = MessageType::Hello;
  else if (t->str == "digest") m.type = MessageType::Digest;
  else {
    m.status = Status::make(Code::UNKNOWN_TYPE, "unknown message type");
    return m;
  }
  double v = 0;
  if (!safeUint(member(*root, "v"), v) || v != kProtocolVersion) {
    m.status = Status::make(Code::BAD_MESSAGE, "unsupported protocol version");
    return m;
  }
  const Node* o = member(*root, "o");
  if (!o || o->type != Type::String || o->str.empty() || o->str.size() > Limits::kMaxOriginBytes) {
    m.status = Status::make(Code::BAD_MESSAGE, "bad origin");
    return m;
  }
  m.origin = o->str;
  if (m.type == MessageType::Hello || m.type == MessageType::Digest) return m;
  if (m.type == MessageType::Ops && text.size() > Limits::kMaxMessageBytes) {
    m.status = Status::make(Code::TOO_LARGE, "message over 4 MiB");
    return m;
  }
  const Node* ops = member(*root, "ops");
  if (!ops || ops->type != Type::Array) {
    m.status = Status::make(Code::BAD_MESSAGE, "message without ops");
    return m;
  }
  m.ops.reserve(ops->items.size());
  for (size_t i = 0; i < ops->items.size(); ++i) {
    DecodedOp d;
    d.status = decodeOne(*ops->items[i], d.op);
    // An ops message only carries its sender's own writes: another origin is spoofed.
    if (d.status.ok() && m.type == MessageType::Ops && d.op->clock.origin != m.origin) {
      d.status = Status::make(Code::BAD_MESSAGE, "op clock origin differs from the sender");
      d.op = nullptr;
    }
    d.status.opIndex = static_cast<int>(i);  // kept on success too: later checks name the op
    if (!d.status.ok()) d.op = nullptr;
    m.ops.push_back(std::move(d));
  }
  return m;
}

bool decodeMeta(std::string_view text, Meta& out) {
  if (text.size() > 4096) return false;
  Status st;
  ParseOptions po;
  po.maxDepth = 4;
  NodeP root = parseJson(text, po, 0, st);
  if (!root || root->type != Type::Object) return false;
  double v = 0;
  const Node* c = member(*root, "c");
  const Node* h = member(*root, "h");
  if (!safeUint(member(*root, "v"), v) || v > 1e9 || !c || !decodeClock(*c, out.clock)) return false;
  if (!h || h->type != Type::String || h->str.size() != 16) return false;
  out.version = static_cast<int>(v);
  out.hash = h->str;
  return true;
}

}  // namespace us
