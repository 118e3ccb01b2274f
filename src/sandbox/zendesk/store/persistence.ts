import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  BrandRecord,
  DeliveryRecord,
  DynamicContentItemRecord,
  EmailRecord,
  GroupRecord,
  TicketFieldRecord,
  TicketFormRecord,
  TicketRecord,
  TriggerCategoryRecord,
  TriggerRecord,
  UserRecord,
  WebhookRecord,
} from '../records.js';
import type { Counters } from './context.js';

/**
 * Everything the JSON file holds: one list per resource. The shape is the file format of every
 * `.data/` a demo has written, so keys are only ever added (and optional when added).
 */
export interface SandboxSnapshot {
  counters: Counters;
  users: UserRecord[];
  groups: GroupRecord[];
  brands: BrandRecord[];
  tickets: TicketRecord[];
  ticketFields: TicketFieldRecord[];
  ticketForms?: TicketFormRecord[];
  webhooks: WebhookRecord[];
  triggers: TriggerRecord[];
  triggerCategories: TriggerCategoryRecord[];
  dynamicContent: DynamicContentItemRecord[];
  emails: EmailRecord[];
  deliveries: DeliveryRecord[];
}

/**
 * Keeps the store in a JSON file: loaded once at start, written (atomically, debounced) after
 * changes. Returns a flush for shutdown.
 */
export function persistStore(
  store: { snapshot(): SandboxSnapshot },
  file: string,
  debounceMs = 200,
): { schedule: () => void; flush: () => Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  // A snapshot of a busy account is megabytes: between two writes, wait at least ten times as long
  // as the last one took, so saving never takes more than a tenth of the process's time (seeding
  // 2,400 tickets wrote a ~20 MB file five times a second before).
  let lastWriteMs = 0;
  const write = async () => {
    timer = null;
    const started = performance.now();
    const data = JSON.stringify(store.snapshot());
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, data);
    await rename(temp, file);
    lastWriteMs = performance.now() - started;
  };
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(
        () => {
          writing = writing.then(write, write);
        },
        Math.max(debounceMs, 10 * lastWriteMs),
      );
      timer.unref();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        writing = writing.then(write, write);
      }
      await writing;
    },
  };
}

/** Reads a snapshot written by persistStore; null when the file does not exist yet. */
export function loadSnapshot(file: string): SandboxSnapshot | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SandboxSnapshot;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(
      `The sandbox state file ${file} could not be read: ${(error as Error).message}. Fix or delete it.`,
      { cause: error },
    );
  }
}
