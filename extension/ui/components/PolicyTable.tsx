/** Per site, which inbound items reach the team by themselves: comments on our posts, mentions, DMs. */
import { PLATFORMS, type Platform } from '../../../shared/model';
import { POLICY_CATEGORIES, type CapturePolicy, type PolicyCategory } from '../../messaging/messages';
import { platformLabel } from '../format';
import { i18n } from '../i18n';

function categoryLabel(c: PolicyCategory): string {
  return c === 'comments'
    ? i18n.t('optionsPolicyComments')
    : c === 'mentions'
      ? i18n.t('optionsPolicyMentions')
      : i18n.t('optionsPolicyDms');
}

export function PolicyTable({
  policy,
  onChange,
}: {
  policy: CapturePolicy;
  onChange: (platform: Platform, category: PolicyCategory, enabled: boolean) => void;
}) {
  return (
    <table class="policy-table" data-testid="policy-table">
      <thead>
        <tr>
          <th scope="col">{i18n.t('optionsPolicySite')}</th>
          {POLICY_CATEGORIES.map((c) => (
            <th scope="col" key={c}>
              {categoryLabel(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {PLATFORMS.map((p) => (
          <tr key={p}>
            <th scope="row">{platformLabel(p)}</th>
            {POLICY_CATEGORIES.map((c) => (
              <td key={c}>
                <input
                  type="checkbox"
                  data-testid={`policy-${p}-${c}`}
                  aria-label={`${platformLabel(p)}: ${categoryLabel(c)}`}
                  checked={policy[p][c]}
                  onChange={(e) => onChange(p, c, e.currentTarget.checked)}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
