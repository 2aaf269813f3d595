/**
 * The words of an `alert` action: one plain-text message for the desktop
 * notification and a Slack-compatible webhook body. Captured text is hostile:
 * in the Slack body every value is escaped (`&`, `<`, `>`), so a comment cannot
 * ping `<!channel>` or forge a link, and links are built only from the item's
 * validated permalink.
 */
import type { SlackPayload } from '../../shared/rules/index.js';
import type { RuleItem } from './facts.js';

export const DEFAULT_ALERT = '{{rule}}: {{kind}} on {{platform}} from {{author}}: “{{text}}” {{permalink}}';

const PLATFORM_NAMES: Record<string, string> = {
  x: 'X',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  instagram: 'Instagram',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  reddit: 'Reddit',
};

export interface AlertVars {
  rule: string;
  item: RuleItem;
  tags: readonly string[];
}

function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function values(v: AlertVars): Record<string, string> {
  const { item } = v;
  const handle = item.author.handle ? `@${item.author.handle.replace(/^@+/, '')}` : '';
  return {
    rule: v.rule,
    platform: PLATFORM_NAMES[item.platform] ?? item.platform,
    kind: item.kind,
    author: item.author.name ?? (handle || 'someone'),
    handle,
    text: excerpt(item.text),
    tags: v.tags.join(', '),
    permalink: item.permalink,
  };
}

function render(
  template: string,
  vars: Record<string, string>,
  literal: (s: string) => string,
  value: (k: string, v: string) => string,
): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([a-z]+)\s*\}\}/g)) {
    out += literal(template.slice(last, m.index));
    const key = m[1]!;
    out += key in vars ? value(key, vars[key]!) : literal(m[0]);
    last = m.index + m[0].length;
  }
  return out + literal(template.slice(last));
}

export function alertMessage(template: string | undefined, vars: AlertVars): string {
  const same = (s: string) => s;
  return render(template ?? DEFAULT_ALERT, values(vars), same, (_k, v) => v);
}

export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackLink(url: string, label: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
  return `<${safeUrl}|${escapeSlack(label)}>`;
}

export function slackPayload(template: string | undefined, vars: AlertVars): SlackPayload {
  const vals = values(vars);
  const text = render(template ?? DEFAULT_ALERT, vals, escapeSlack, (k, v) =>
    k === 'permalink' ? slackLink(v, `Open on ${vals.platform}`) : escapeSlack(v),
  );
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
