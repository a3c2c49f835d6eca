/**
 * An in-process signal that events may have been written, so the process's job worker looks at once
 * instead of at its next poll (a submission's proposal then follows within milliseconds). Other
 * processes still find the events by polling; the signal is only a shortcut, never needed for
 * correctness.
 */
export interface JobSignal {
  /** Something was written that may have added events. */
  notify(): void;
  /** Calls `listener` on every notify; returns the unsubscribe. */
  listen(listener: () => void): () => void;
}

export function createJobSignal(): JobSignal {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of listeners) listener();
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
