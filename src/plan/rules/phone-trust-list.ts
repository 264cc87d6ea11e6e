// Where an engineer erases the ITL on a phone, per model family (Cisco 214231: the menu differs per model; review m6).

export interface ItlErasePath {
  family: string;
  path: string;
}

export const ITL_ERASE_PATHS: readonly ItlErasePath[] = [
  { family: '7900 series (7941, 7942, 7945, 7961, 7962, 7965, 7970, 7975)', path: 'Settings > Security Configuration > Trust List > ITL File; unlock the settings with **#, then Erase' },
  { family: '7800 and 8800 series', path: 'Applications (gear) > Admin Settings > Reset Settings > Security Settings (erases the CTL and the ITL)' },
  { family: 'other models', path: 'the security-settings reset in the model\'s administration guide, or a factory reset' },
];

/** One line per family, for a step's GUI list. */
export function itlEraseGui(): string[] {
  return ITL_ERASE_PATHS.map((p) => `Phone, ${p.family}: ${p.path}`);
}
