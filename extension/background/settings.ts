/**
 * Settings in browser.storage.local, parsed with zod on every read (storage is
 * an edge: an older version, or a hand edit, may have written anything).
 *
 *   pairing   { keyId, key, member, companionId } once paired
 *   port      the companion's port (DEFAULT_PORT)
 *   sites     on/off per platform (all on by default)
 *   policy    per platform, which inbound categories are captured by themselves (all on by default)
 *   profiles  our own handles per platform, cached from the companion
 *   members   the team (members.list, with networks and permissions), cached for assignee pickers offline
 *   selectors selector overrides served by the companion (selectors.get)
 *   tags      the team's tags (tags.list, kept current by tag events), cached for pickers and colours
 */
import { z } from 'zod';
import { Member, PLATFORMS, Profile, type Platform } from '../../shared/model';
import { MemberWithAccess } from '../../shared/permissions';
import { SelectorOverrides } from '../../shared/selectors';
import { DEFAULT_PORT, SecretKey } from '../../shared/protocol';
import { CachedTag, POLICY_CATEGORIES, type CapturePolicy, type SiteSettings } from '../messaging/messages';

export const Pairing = z.object({ keyId: z.string().min(1), key: SecretKey, member: Member, companionId: z.string() });
export type Pairing = z.infer<typeof Pairing>;

const PortSetting = z.number().int().min(1).max(65535);
/** Read leniently: one bad entry must not switch every site back on. */
const SitesSetting = z.record(z.string(), z.unknown());
const ProfilesSetting = z.array(Profile);
const MembersSetting = z.array(MemberWithAccess);
const TagsSetting = z.array(CachedTag);

export interface Settings {
  pairing: Pairing | null;
  port: number;
  sites: SiteSettings;
  policy: CapturePolicy;
  profiles: Profile[];
  members: MemberWithAccess[];
  selectors: SelectorOverrides;
  tags: CachedTag[];
}

/** The part of browser.storage.local that settings use (injectable for tests). */
export interface KeyValueArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export function defaultPolicy(): CapturePolicy {
  return Object.fromEntries(PLATFORMS.map((p) => [p, { comments: true, mentions: true, dms: true }])) as CapturePolicy;
}

/** Read leniently, key by key, like the site switches. */
function readPolicy(raw: unknown): CapturePolicy {
  const policy = defaultPolicy();
  if (typeof raw !== 'object' || raw === null) return policy;
  for (const p of PLATFORMS) {
    const site = (raw as Record<string, unknown>)[p];
    if (typeof site !== 'object' || site === null) continue;
    for (const c of POLICY_CATEGORIES) {
      const on = (site as Record<string, unknown>)[c];
      if (typeof on === 'boolean') policy[p][c] = on;
    }
  }
  return policy;
}

export function defaultSites(): SiteSettings {
  return Object.fromEntries(PLATFORMS.map((p) => [p, true])) as SiteSettings;
}

const KEYS = ['pairing', 'port', 'sites', 'policy', 'profiles', 'members', 'selectors', 'tags'] as const;

export class SettingsStore {
  private current: Settings = {
    pairing: null,
    port: DEFAULT_PORT,
    sites: defaultSites(),
    policy: defaultPolicy(),
    profiles: [],
    members: [],
    selectors: {},
    tags: [],
  };
  private listeners = new Set<(s: Settings) => void>();

  constructor(
    private readonly area: KeyValueArea,
    private readonly log: (m: string) => void = () => {},
  ) {}

  get value(): Settings {
    return this.current;
  }

  async load(): Promise<Settings> {
    const raw = await this.area.get([...KEYS]);
    const pairing = Pairing.safeParse(raw.pairing);
    const port = PortSetting.safeParse(raw.port);
    const sites = SitesSetting.safeParse(raw.sites);
    const profiles = ProfilesSetting.safeParse(raw.profiles);
    const members = MembersSetting.safeParse(raw.members);
    const selectors = SelectorOverrides.safeParse(raw.selectors);
    const tags = TagsSetting.safeParse(raw.tags);
    if (raw.pairing !== undefined && !pairing.success) this.log('settings: ignored an invalid pairing record');
    const mergedSites = defaultSites();
    if (sites.success) {
      for (const p of PLATFORMS) {
        const on = z.boolean().safeParse(sites.data[p]);
        if (on.success) mergedSites[p] = on.data;
      }
    }
    this.current = {
      pairing: pairing.success ? pairing.data : null,
      port: port.success ? port.data : DEFAULT_PORT,
      sites: mergedSites,
      policy: readPolicy(raw.policy),
      profiles: profiles.success ? profiles.data : [],
      members: members.success ? members.data : [],
      selectors: selectors.success ? selectors.data : {},
      tags: tags.success ? tags.data : [],
    };
    return this.current;
  }

  async setPairing(pairing: Pairing | null): Promise<void> {
    if (pairing) await this.area.set({ pairing: Pairing.parse(pairing) });
    else await this.area.remove('pairing');
    this.update({ pairing });
  }

  async setPort(port: number): Promise<void> {
    await this.area.set({ port: PortSetting.parse(port) });
    this.update({ port });
  }

  async setSite(platform: Platform, enabled: boolean): Promise<void> {
    const sites = { ...this.current.sites, [platform]: enabled };
    await this.area.set({ sites });
    this.update({ sites });
  }

  async setPolicy(platform: Platform, category: keyof CapturePolicy[Platform], enabled: boolean): Promise<void> {
    const policy = { ...this.current.policy, [platform]: { ...this.current.policy[platform], [category]: enabled } };
    await this.area.set({ policy });
    this.update({ policy });
  }

  async setProfiles(profiles: Profile[]): Promise<void> {
    await this.area.set({ profiles });
    this.update({ profiles });
  }

  async setMembers(members: MemberWithAccess[]): Promise<void> {
    const clean = MembersSetting.parse(members);
    await this.area.set({ members: clean });
    this.update({ members: clean });
  }

  async setTags(tags: CachedTag[]): Promise<void> {
    const clean = TagsSetting.parse(tags);
    await this.area.set({ tags: clean });
    this.update({ tags: clean });
  }

  async setSelectors(selectors: SelectorOverrides): Promise<void> {
    await this.area.set({ selectors: SelectorOverrides.parse(selectors) });
    this.update({ selectors });
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<Settings>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
  }
}
