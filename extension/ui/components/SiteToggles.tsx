/** On/off per platform. */
import { PLATFORMS, type Platform } from '../../../shared/model';
import type { SiteSettings } from '../../messaging/messages';
import { platformLabel } from '../format';

export function SiteToggles({
  sites,
  onChange,
}: {
  sites: SiteSettings;
  onChange: (platform: Platform, enabled: boolean) => void;
}) {
  return (
    <div class="stack site-toggles" style={{ gap: 0 }}>
      {PLATFORMS.map((p) => (
        <label class="switch" key={p} data-testid={`site-toggle-${p}`}>
          <span>{platformLabel(p)}</span>
          <input
            type="checkbox"
            role="switch"
            checked={sites[p] !== false}
            onChange={(e) => onChange(p, e.currentTarget.checked)}
          />
        </label>
      ))}
    </div>
  );
}
