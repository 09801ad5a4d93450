/**
 * Undo steps registered while a scenario is set up, run last-in first-out: peers stop before
 * homer-ts, homer-ts before its database is dropped, the temp dir goes last. Every step runs even
 * when an earlier one fails; the failures are reported together.
 */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];

  defer(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  async run(): Promise<void> {
    const failures: string[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (err) {
        failures.push(`${step.name}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
  }
}
