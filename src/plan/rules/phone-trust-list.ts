// Where an engineer erases the ITL on a phone, per model family (Cisco 214231: the menu differs per model; review m6).

export interface ItlErasePath {
  family: string;
  path: string;
}

export const ITL_ERASE_PATHS: readonly ItlErasePath[] = [
  { family: '7900', path: 'Settings > Security Configuration > Trust List > ITL File; unlock (**#), Erase' },
  { family: '7800/8800', path: 'Applications > Admin Settings > Reset Settings > Security Settings (CTL and ITL)' },
  { family: 'other models', path: 'the security reset of the model\'s guide (or a factory reset)' },
];

/** One line per family, for a step's GUI list. */
export function itlEraseGui(): string[] {
  return ITL_ERASE_PATHS.map((p) => `${p.family}: ${p.path}`);
}
