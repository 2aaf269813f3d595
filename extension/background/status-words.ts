/** Turns the socket client's status into ExtensionState's status + plain-words detail. */
import { i18n } from '#i18n';
import type { ExtensionState } from '../messaging/messages';
import type { ClientStatus } from './socket-client';

export function describeStatus(s: ClientStatus, port: number): Pick<ExtensionState, 'status' | 'detail'> {
  const p = String(port);
  switch (s.status) {
    case 'unpaired':
      return { status: 'unpaired', detail: i18n.t('statusUnpaired') };
    case 'connecting':
      return { status: 'connecting', detail: i18n.t('statusConnecting', [p]) };
    case 'connected':
      return { status: 'connected', detail: i18n.t('statusConnected', [s.member.name]) };
    case 'offline':
      switch (s.reason) {
        case 'unreachable':
          return { status: 'offline', detail: i18n.t('statusOffline') };
        case 'unsupported_version':
          return { status: 'offline', detail: i18n.t('statusUnsupportedVersion') };
        case 'rate_limited':
          return {
            status: 'offline',
            detail: i18n.t('statusRateLimited', [String(Math.ceil((s.retryInMs ?? 0) / 1000))]),
          };
        case 'error':
          return { status: 'offline', detail: i18n.t('statusError', [s.message ?? '']) };
      }
      break;
    case 'auth_failed':
      return {
        status: 'auth_failed',
        detail: s.reason === 'bad_server_proof' ? i18n.t('statusImpostor', [p]) : i18n.t('statusKeyRefused'),
      };
  }
  return { status: 'offline', detail: null };
}
