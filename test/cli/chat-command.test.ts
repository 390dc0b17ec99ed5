import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, envWithoutKey, runCli } from './cli-helpers.js';

const CHAT_AGENT = 'test/cli/fixtures/chat-agent.ts';

test('chat from a pipe: one turn per line, the session kept, exit 0 at end of input', async () => {
  const run = await runCli(['chat', CHAT_AGENT], { env: envWithoutKey(), stdin: 'hello\n\nagain\n' });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "you said 'hello' (user messages so far: 1)\nyou said 'again' (user messages so far: 2)\n");
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** A chat in a real terminal: a tmux server of its own, driven by send-keys and read by capture-pane. */
class TmuxChat {
  readonly socket = `agentrun-test-${process.pid}-${Date.now()}`;
  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
  /** Where the shell in the pane writes the command's exit code. */
  readonly statusFile = join(tmpdir(), `${this.socket}.status`);
  start(command: string): void {
    // The pane's shell waits for the command and records its exit code: tmux 3.3 can leave a
    // process that exited after a Ctrl-C unreaped (a zombie, #{pane_dead_status} empty).
    const shell = `${command}; echo $? > ${JSON.stringify(this.statusFile)}`;
    this.tmux('new-session', '-d', '-s', 'chat', '-x', '160', '-y', '50', '-c', process.cwd(), shell, ';', 'set-option', '-t', 'chat', 'remain-on-exit', 'on');
  }
  /** The command's exit code once it has exited, else undefined. */
  exitCode(): string | undefined {
    return existsSync(this.statusFile) ? readFileSync(this.statusFile, 'utf8').trim() || undefined : undefined;
  }
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'chat', '-S', '-200');
  }
  async waitFor(pattern: RegExp, what: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; the terminal shows:\n${screen}`);
      await delay(100);
    }
  }
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'chat', ...keys);
  }
  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.statusFile, { force: true });
  }
}

test('chat in a terminal (tmux): turns keep the session, Ctrl-C cancels the turn not the chat, Ctrl-D exits 0', { skip: hasTmux ? false : 'tmux is not installed (.ci/run installs it)' }, async () => {
  if (!hasTmux && process.env.AGENTRUN_REQUIRE_SERVICES === '1') assert.fail('tmux is required in CI');
  const chat = new TmuxChat();
  try {
    const node = JSON.stringify(process.execPath);
    chat.start(`env -u OPENAI_API_KEY ${node} ${CLI.join(' ')} chat ${CHAT_AGENT}`);
    await chat.waitFor(/Chatting with History agent\. Ctrl-C cancels a turn, Ctrl-D ends the chat\.\nyou> $/m, 'the banner and prompt');
    chat.keys('hello', 'Enter');
    await chat.waitFor(/you said 'hello' \(user messages so far: 1\)\nyou> /, 'the first answer');
    chat.keys('and again', 'Enter');
    await chat.waitFor(/you said 'and again' \(user messages so far: 2\)\nyou> /, 'the second answer, with the history');

    chat.keys('slow', 'Enter');
    await chat.waitFor(/thinking\.\./, 'the slow answer to stream');
    chat.keys('C-c');
    await chat.waitFor(/\[turn cancelled\]\nyou> $/m, 'the turn to be cancelled');
    chat.keys('still here?', 'Enter');
    await chat.waitFor(/you said 'still here\?' \(user messages so far: 4\)\nyou> /, 'an answer after the cancelled turn');
    assert.equal(chat.tmux('display-message', '-p', '-t', 'chat', '#{pane_dead}').trim(), '0');

    chat.keys('C-d');
    const deadline = Date.now() + 15_000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      status = chat.exitCode();
      if (status !== undefined) break;
      await delay(100);
    }
    assert.equal(status, '0', `the chat should exit with 0 after Ctrl-D; the terminal shows:\n${chat.screen()}`);
  } finally {
    chat.close();
  }
});
