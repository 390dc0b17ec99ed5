{
  "targets": [
    {
      "target_name": "agentrun_sync",
      "sources": ["src/agentrun_sync.cc"],
      "cflags_cc": ["-Wno-cast-function-type"]
    }
  ]
}
