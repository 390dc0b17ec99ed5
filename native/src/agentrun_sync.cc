// agentrun_sync: the native half of Runner.runSync. It lets synchronous JavaScript drive Node's own
// event loop one iteration at a time, so the caller's async tools, hooks and guardrails keep running
// on the caller's thread. It creates no handles, so it never keeps the process alive.
//
// C++ rather than plain Node-API because one V8 feature is essential: a *verbose* TryCatch. A callback
// that throws while we drive the loop must reach Node's uncaught-exception path (which reports it and
// resets the async-id stack) exactly as it would at top level. Without it the exception unwinds into
// the JS frame that called us, and Node aborts on the next callback scope ("async hook stack has
// become corrupted").
#include <node.h>
#include <uv.h>

namespace {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Local;
using v8::StackTrace;
using v8::Value;

// drain(fn): calls fn (process._tickCallback: nextTicks, microtasks, rejection tracking) so that an
// exception it throws takes Node's uncaught-exception path instead of propagating to our caller.
void Drain(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (!args[0]->IsFunction()) return;
  Local<Context> context = isolate->GetCurrentContext();
  v8::TryCatch try_catch(isolate);
  try_catch.SetVerbose(true);
  if (args[0].As<v8::Function>()->Call(context, v8::Undefined(isolate), 0, nullptr).IsEmpty()) {
    // Already reported through the verbose TryCatch; nothing to propagate.
  }
}

// runOnce(): one blocking iteration of the loop if it has work. When it has none, it drains the V8
// platform's pending tasks (as Node's own loop does before deciding to exit) and returns false.
void RunOnce(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  uv_loop_t* loop = node::GetCurrentEventLoop(isolate);
  bool alive = uv_loop_alive(loop) != 0;
  if (alive) {
    v8::TryCatch try_catch(isolate);
    try_catch.SetVerbose(true);
    uv_run(loop, UV_RUN_ONCE);
  } else {
    node::Environment* env = node::GetCurrentEnvironment(isolate->GetCurrentContext());
    node::MultiIsolatePlatform* platform = env ? node::GetMultiIsolatePlatform(env) : nullptr;
    if (platform) platform->DrainTasks(isolate);
  }
  args.GetReturnValue().Set(alive);
}

// inMicrotask(): true while V8 runs promise jobs; a checkpoint cannot be re-entered from there.
void InMicrotask(const FunctionCallbackInfo<Value>& args) {
  v8::MicrotaskQueue* queue = args.GetIsolate()->GetCurrentContext()->GetMicrotaskQueue();
  args.GetReturnValue().Set(queue != nullptr && queue->IsRunningMicrotasks());
}

// entryScript(): script name of the outermost JS frame on the stack ('' if none). Code running
// synchronously from the main script has Node's main bootstrap script there; a loop callback does not.
void EntryScript(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  Local<StackTrace> trace = StackTrace::CurrentStackTrace(isolate, 1 << 16, StackTrace::kScriptName);
  int count = trace->GetFrameCount();
  Local<Value> name = v8::String::Empty(isolate);
  if (count > 0) {
    Local<v8::String> script = trace->GetFrame(isolate, count - 1)->GetScriptName();
    if (!script.IsEmpty()) name = script;
  }
  args.GetReturnValue().Set(name);
}

}  // namespace

NODE_MODULE_INIT() {
  NODE_SET_METHOD(exports, "drain", Drain);
  NODE_SET_METHOD(exports, "runOnce", RunOnce);
  NODE_SET_METHOD(exports, "inMicrotask", InMicrotask);
  NODE_SET_METHOD(exports, "entryScript", EntryScript);
}
