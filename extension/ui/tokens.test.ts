import { describe, expect, it } from 'vitest';
// Vitest turns CSS imports (even ?raw) into empty strings, so read the file itself.
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function themes(): { light: Map<string, string>; dark: Map<string, string> } {
  const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
  const read = (text: string) =>
    new Map([...text.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
  const light = read(css.slice(0, darkStart));
  const dark = new Map([...light, ...read(css.slice(darkStart))]);
  return { light, dark };
}

const TAGS = ['red', 'orange', 'amber', 'green', 'teal', 'blue', 'violet', 'pink', 'grey'];

describe('design tokens', () => {
  const { light, dark } = themes();

  it('define every tag colour in both themes, and dark overrides them', () => {
    for (const t of TAGS) {
      for (const part of ['fg', 'bg']) {
        expect(light.get(`--tag-${t}-${part}`)).toMatch(/^#/);
        expect(dark.get(`--tag-${t}-${part}`)).not.toBe(light.get(`--tag-${t}-${part}`));
      }
    }
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ] as const)('tag palette and text colours pass WCAG AA (4.5:1) in the %s theme', (_name, theme) => {
    const pairs: Array<[string, string]> = [
      ...TAGS.map((t): [string, string] => [`--tag-${t}-fg`, `--tag-${t}-bg`]),
      ['--fg', '--bg'],
      ['--fg-muted', '--bg'],
      ['--fg-muted', '--bg-subtle'],
      ['--fg-muted', '--bg-selected'],
      ['--accent', '--bg'],
      ['--accent-fg', '--accent'],
      ['--danger', '--danger-bg'],
      ['--warning', '--warning-bg'],
      ['--success', '--success-bg'],
    ];
    for (const [fg, bg] of pairs) {
      const ratio = contrast(theme.get(fg)!, theme.get(bg)!);
      expect(ratio, `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
