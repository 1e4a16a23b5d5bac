import { publishHome } from '../jobs/home.js';
import type { JobOutbox } from '../jobs/index.js';
import type { Store } from '../store/store.js';

/**
 * Each person's Home tab: published when they open it; published again for everyone who has
 * opened it when the work it shows changes (Changes files that, in the changing transaction).
 */
export class HomeService {
  constructor(private readonly deps: { store: Store; outbox: JobOutbox; clock: () => number; kick: () => void }) {}

  /** app_home_opened: remembered (their Home is kept current from now on) and published. */
  async opened(userId: string): Promise<void> {
    const { store, outbox, clock } = this.deps;
    const now = clock();
    await store.transaction(async (tx) => {
      await store.homes.opened(tx, userId, now);
      await outbox.enqueue(tx, publishHome, { crisisId: null, payload: { user: userId }, runAt: now });
    });
    this.deps.kick();
  }
}
