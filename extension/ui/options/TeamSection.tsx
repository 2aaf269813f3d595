/**
 * The team in the options page: who is paired, their role and the sites they
 * work on. Admins change roles and networks here; everyone else reads. The
 * companion enforces every permission again and refuses removing the last
 * admin, in plain words shown here.
 */
import { useState } from 'preact/hooks';
import { PLATFORMS, ROLES, type Platform, type Role } from '../../../shared/model';
import { accessOf, can, type MemberWithAccess } from '../../../shared/permissions';
import { ask } from '../bg-client';
import { platformLabel } from '../format';
import { i18n } from '../i18n';

function roleWord(r: Role): string {
  return r === 'admin'
    ? i18n.t('teamRoleAdmin')
    : r === 'lead'
      ? i18n.t('teamRoleLead')
      : r === 'agent'
        ? i18n.t('teamRoleAgent')
        : i18n.t('teamRoleViewer');
}

export function TeamSection({ me, members }: { me: MemberWithAccess | null; members: readonly MemberWithAccess[] }) {
  const [error, setError] = useState<string | null>(null);
  const mayManage = me !== null && can(me, 'members.manage');

  const update = async (id: string, change: { role?: Role; networks?: Platform[] }): Promise<void> => {
    setError(null);
    const r = await ask<{ result: unknown }>({
      type: 'companion',
      request: 'member.update',
      payload: { id, ...change },
    });
    if (!r.ok) setError(r.error);
  };

  return (
    <div class="stack" data-testid="team-section">
      <p class="muted">{i18n.t('teamHelp')}</p>
      <ul class="team-list">
        {members.map((m) => {
          const { networks } = accessOf(m);
          return (
            <li class="stack team-row" key={m.id} data-testid="team-row">
              <div class="row">
                <span class="grow strong">
                  {m.name}
                  {m.id === me?.id ? <span class="muted small"> {i18n.t('teamYou')}</span> : null}
                </span>
                {mayManage ? (
                  <select
                    class="select"
                    aria-label={i18n.t('teamRoleOf', [m.name])}
                    data-testid="team-role"
                    value={m.role}
                    onChange={(e) => void update(m.id, { role: e.currentTarget.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option value={r} key={r}>
                        {roleWord(r)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span class="muted">{roleWord(m.role)}</span>
                )}
              </div>
              <div class="row team-networks" role="group" aria-label={i18n.t('teamNetworksOf', [m.name])}>
                <span class="muted small">{networks.length === 0 ? i18n.t('teamAllSites') : i18n.t('teamSites')}</span>
                {PLATFORMS.map((p) => (
                  <label class="chip-check" key={p}>
                    <input
                      type="checkbox"
                      disabled={!mayManage}
                      checked={networks.length === 0 || networks.includes(p)}
                      onChange={(e) => {
                        const current = networks.length === 0 ? [...PLATFORMS] : networks;
                        const next = e.currentTarget.checked ? [...current, p] : current.filter((x) => x !== p);
                        // every site ticked means "all sites", stored as none listed
                        void update(m.id, { networks: next.length === PLATFORMS.length ? [] : next });
                      }}
                    />
                    {platformLabel(p)}
                  </label>
                ))}
              </div>
            </li>
          );
        })}
      </ul>
      {!mayManage ? <p class="muted small">{i18n.t('teamReadOnly')}</p> : null}
      {error ? (
        <p class="notice notice-error" role="alert" data-testid="team-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
