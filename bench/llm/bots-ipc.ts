/**
 * The chat bot process's side of its IPC channel with the bench process
 * (bench/suites/llm.ts): reports out, and waiting for the bench's next
 * instruction of a kind (chat, stop).
 */
import type { ChatBenchMessage, ChatBotsMessage } from './messages.ts';

/** A report to the bench; dropped when there is no parent (the process then exits anyway). */
export function send(message: ChatBotsMessage): void {
  process.send?.(message);
}

/** The bench's next message of `type`: one sent before this call, or of another type, is not seen. */
export function nextBenchMessage<T extends ChatBenchMessage['type']>(
  type: T,
): Promise<Extract<ChatBenchMessage, { type: T }>> {
  return new Promise((resolve) => {
    const listener = (message: ChatBenchMessage) => {
      if (message?.type !== type) return;
      process.off('message', listener);
      resolve(message as Extract<ChatBenchMessage, { type: T }>);
    };
    process.on('message', listener);
  });
}
