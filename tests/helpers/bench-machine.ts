import type { MachineInfo } from '../../bench/machine.ts';

/** A made-up machine for bench report tests: the header every report carries. */
export const TEST_MACHINE: MachineInfo = {
  cpu: 'test cpu',
  cores: 2,
  memoryGiB: 4,
  node: 'v20',
  platform: 'linux-x64',
};
