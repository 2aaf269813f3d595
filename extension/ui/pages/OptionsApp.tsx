/** The options page: pairing (or who you are), your own profiles per platform, sites on/off, the team's settings and sweeps. */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '../i18n';
import { PLATFORMS, type Platform, type Profile } from '../../../shared/model';
import { DEFAULT_PORT } from '../../../shared/protocol';
import type { ExtensionState } from '../../messaging/messages';
import { ask } from '../bg-client';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { Logo } from '../components/Logo';
import { PolicyTable } from '../components/PolicyTable';
import { RepliesSection } from '../options/RepliesSection';
import { RulesSection } from '../options/RulesSection';
import { SweepsSection } from '../options/SweepsSection';
import { TeamSection } from '../options/TeamSection';
import { TagsSection } from '../options/TagsSection';
import { SiteToggles } from '../components/SiteToggles';
import { platformLabel } from '../format';
import { useLive } from '../use-live';

export function PairingForm({ port: initialPort }: { port: number }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [port, setPort] = useState(String(initialPort));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPort(String(initialPort)), [initialPort]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const reply = await ask({ type: 'pair', code, memberName: name, port: Number(port) });
    setBusy(false);
    if (!reply.ok) setError(reply.error);
    else setCode('');
  };
  const portNumber = Number(port);
  const valid =
    code.trim().length > 0 &&
    name.trim().length > 0 &&
    Number.isInteger(portNumber) &&
    portNumber > 0 &&
    portNumber < 65536;

  return (
    <form class="stack pairing-form" onSubmit={submit} data-testid="pairing-form">
      <p class="muted">{i18n.t('optionsPairHelp')}</p>
      <div class="form-grid">
        <label class="field">
          <span>{i18n.t('optionsCode')}</span>
          <input
            class="input input-code"
            name="code"
            data-testid="pairing-code"
            autocomplete="off"
            spellcheck={false}
            placeholder="XXXX-XXXX"
            maxLength={32}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{i18n.t('optionsName')}</span>
          <input
            class="input"
            name="memberName"
            data-testid="member-name"
            autocomplete="name"
            maxLength={80}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field field-port">
          <span>{i18n.t('optionsPort')}</span>
          <input
            class="input"
            name="port"
            data-testid="companion-port"
            inputMode="numeric"
            value={port}
            onInput={(e) => setPort(e.currentTarget.value.replace(/\D/g, ''))}
          />
        </label>
      </div>
      {error ? (
        <p class="notice notice-error" role="alert" data-testid="pairing-error">
          {error}
        </p>
      ) : null}
      <div class="row">
        <button class="btn btn-primary" type="submit" disabled={busy || !valid} data-testid="pair-button">
          {busy ? i18n.t('optionsPairing') : i18n.t('optionsPairButton')}
        </button>
      </div>
    </form>
  );
}

function PairedSummary({ state }: { state: ExtensionState }) {
  const [port, setPort] = useState(String(state.port));
  const [saved, setSaved] = useState(false);
  useEffect(() => setPort(String(state.port)), [state.port]);
  return (
    <div class="stack">
      <div class="row">
        <div class="avatar" aria-hidden="true">
          {(state.member?.name ?? '?').slice(0, 1).toUpperCase()}
        </div>
        <div class="grow">
          <p class="strong" data-testid="member">
            {i18n.t('optionsYouAre', [state.member?.name ?? ''])}
          </p>
          {state.member ? <p class="muted small">{i18n.t('optionsRole', [state.member.role])}</p> : null}
        </div>
      </div>
      <ConnectionStatus state={state} />
      <div class="row port-row">
        <label class="field">
          <span>{i18n.t('optionsPort')}</span>
          <input
            class="input"
            inputMode="numeric"
            value={port}
            onInput={(e) => {
              setSaved(false);
              setPort(e.currentTarget.value.replace(/\D/g, ''));
            }}
          />
        </label>
        <button
          class="btn"
          disabled={port === String(state.port) || !(Number(port) > 0 && Number(port) < 65536)}
          onClick={() => void ask({ type: 'port.set', port: Number(port) }).then((r) => setSaved(r.ok))}
        >
          {i18n.t('optionsPortSave')}
        </button>
        {saved ? <span class="muted small">{i18n.t('optionsSaved')}</span> : null}
        <span class="grow" />
        <button class="btn btn-quiet" data-testid="unpair" onClick={() => void ask({ type: 'unpair' })}>
          {i18n.t('optionsUnpair')}
        </button>
      </div>
    </div>
  );
}

export function ProfilesSection({ profiles }: { profiles: readonly Profile[] }) {
  const [platform, setPlatform] = useState<Platform>('x');
  const [handle, setHandle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    const reply = await ask({ type: 'profile.save', platform, handle });
    if (reply.ok) setHandle('');
    setError(reply.ok ? null : reply.error);
  };
  return (
    <div class="stack">
      <p class="muted">{i18n.t('optionsProfilesHelp')}</p>
      {profiles.length === 0 ? (
        <p class="muted small empty-inline" data-testid="profiles-empty">
          {i18n.t('optionsProfilesEmpty')}
        </p>
      ) : (
        <ul class="profile-list" data-testid="profile-list">
          {profiles.map((p) => (
            <li class="row profile-row" key={p.id} data-testid="profile-row">
              <span class="item-platform">{platformLabel(p.platform)}</span>
              <span class="grow">@{p.handle}</span>
              <button
                class="btn btn-quiet"
                onClick={() =>
                  void ask({ type: 'profile.remove', id: p.id }).then((r) => setError(r.ok ? null : r.error))
                }
              >
                {i18n.t('optionsProfileRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="row profile-form" onSubmit={add}>
        <label class="field">
          <span>{i18n.t('optionsProfilePlatform')}</span>
          <select
            class="select"
            data-testid="profile-platform"
            value={platform}
            onChange={(e) => setPlatform(e.currentTarget.value as Platform)}
          >
            {PLATFORMS.map((p) => (
              <option value={p} key={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label class="field grow">
          <span>{i18n.t('optionsProfileHandle')}</span>
          <input
            class="input"
            data-testid="profile-handle"
            placeholder={i18n.t('optionsProfileHandlePlaceholder')}
            maxLength={128}
            value={handle}
            onInput={(e) => setHandle(e.currentTarget.value)}
          />
        </label>
        <button class="btn" type="submit" disabled={handle.trim().replace(/^@/, '') === ''} data-testid="profile-add">
          {i18n.t('optionsProfileAdd')}
        </button>
      </form>
      {error ? <p class="notice notice-error">{error}</p> : null}
    </div>
  );
}

export function OptionsView({ state }: { state: ExtensionState | null }) {
  const paired = state !== null && state.status !== 'unpaired';
  return (
    <main class="options">
      <header class="row options-header">
        <Logo size={20} />
        <h1>{i18n.t('optionsTitle')}</h1>
      </header>
      <section class="card stack" aria-labelledby="pair-title">
        <h2 id="pair-title">{paired ? i18n.t('optionsConnectionTitle') : i18n.t('optionsPairTitle')}</h2>
        {state === null ? (
          <p class="muted">{i18n.t('popupLoading')}</p>
        ) : paired ? (
          <PairedSummary state={state} />
        ) : (
          <PairingForm port={state.port || DEFAULT_PORT} />
        )}
      </section>
      <section class="card stack" aria-labelledby="profiles-title">
        <h2 id="profiles-title">{i18n.t('optionsProfilesTitle')}</h2>
        <ProfilesSection profiles={state?.profiles ?? []} />
      </section>
      <section class="card stack" aria-labelledby="sites-title">
        <h2 id="sites-title">{i18n.t('optionsSitesTitle')}</h2>
        <p class="muted">{i18n.t('optionsSitesHelp')}</p>
        {state ? (
          <SiteToggles
            sites={state.sites}
            onChange={(platform, enabled) => void ask({ type: 'sites.set', platform, enabled })}
          />
        ) : null}
      </section>
      {paired && state?.status === 'connected' ? (
        <section class="card stack" aria-labelledby="team-title">
          <h2 id="team-title">{i18n.t('teamTitle')}</h2>
          <TeamSection
            me={state.members.find((m) => m.id === state.member?.id) ?? state.member}
            members={state.members}
          />
        </section>
      ) : null}
      {paired && state?.status === 'connected' ? (
        <section class="card stack" aria-labelledby="rules-title">
          <h2 id="rules-title">{i18n.t('rulesTitle')}</h2>
          <RulesSection me={state.member} members={state.members} />
        </section>
      ) : null}
      {paired && state?.status === 'connected' ? (
        <section class="card stack" aria-labelledby="tags-title">
          <h2 id="tags-title">{i18n.t('tagsTitle')}</h2>
          <TagsSection me={state.member} />
        </section>
      ) : null}
      {paired && state?.status === 'connected' ? (
        <section class="card stack" aria-labelledby="replies-title">
          <h2 id="replies-title">{i18n.t('repliesTitle')}</h2>
          <RepliesSection
            me={state.members.find((m) => m.id === state.member?.id) ?? state.member}
            tags={state.tags ?? []}
            version={state.repliesVersion}
          />
        </section>
      ) : null}
      {paired && state?.status === 'connected' ? (
        <section class="card stack" aria-labelledby="sweeps-title">
          <h2 id="sweeps-title">{i18n.t('sweepsUiTitle')}</h2>
          <SweepsSection
            me={state.members.find((m) => m.id === state.member?.id) ?? state.member}
            sweeps={state.sweeps}
          />
        </section>
      ) : null}
      <section class="card stack" aria-labelledby="policy-title">
        <h2 id="policy-title">{i18n.t('optionsPolicyTitle')}</h2>
        <p class="muted">{i18n.t('optionsPolicyHelp')}</p>
        {state ? (
          <PolicyTable
            policy={state.policy}
            onChange={(platform, category, enabled) => void ask({ type: 'policy.set', platform, category, enabled })}
          />
        ) : null}
      </section>
    </main>
  );
}

export function OptionsApp() {
  const { state } = useLive();
  return <OptionsView state={state} />;
}
