/** What the extensions tell about the sites, and the selector overrides they read the sites with. */
import type { Handler } from '../router.js';

/** An adapter that expected items and found none: the site may have changed. Logged, so a lead sees it. */
const health: Handler<'health.report'> = async ({ platform, page, status, found }, session, ctx) => {
  if (status === 'unreadable') {
    ctx.logger.warn('site unreadable: the adapter found none of the items this page should hold', {
      platform,
      page,
      found,
      member: session.member.id,
    });
  } else {
    ctx.logger.debug('site readable', { platform, page, found });
  }
  return { ok: true, result: { recorded: true } };
};

const selectors: Handler<'selectors.get'> = async (_payload, _session, ctx) => ({
  ok: true,
  result: await ctx.selectors.get(),
});

export const siteHandlers = { 'health.report': health, 'selectors.get': selectors };
