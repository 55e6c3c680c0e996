import type { MentionEvent, Parcel } from '../../../../protocol/index.js';
import { navigate } from '../app/routing';
import { mentionNotification, notificationFor, type NotificationPlan } from '../logic/notify.js';

/** Opt-in per browser: the choice is this device's, as the permission the browser keeps is. */
const OPT_IN_KEY = 'switchboard:notifications';

export type NotificationSetting = 'on' | 'off' | 'blocked' | 'unsupported';

export function notificationSetting(): NotificationSetting {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(OPT_IN_KEY) === 'on' ? 'on' : 'off';
}

/** Turns notifications on (asking the browser's permission the first time) or off. */
export async function setNotifications(on: boolean): Promise<NotificationSetting> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (!on) {
    localStorage.setItem(OPT_IN_KEY, 'off');
    return 'off';
  }
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') return permission === 'denied' ? 'blocked' : 'off';
  localStorage.setItem(OPT_IN_KEY, 'on');
  return 'on';
}

/**
 * Shows a browser notification for a parcel or mention that warrants one, when the person opted in and is
 * not already looking at the room it is about. A click brings the tab forward on that room.
 */
export function notifyParcel(parcel: Parcel, me: string): void {
  show(notificationFor(parcel, me));
}

export function notifyMention(event: MentionEvent, me: string): void {
  show(mentionNotification(event, me));
}

function show(plan: NotificationPlan | null): void {
  if (!plan || notificationSetting() !== 'on') return;
  const watching = document.visibilityState === 'visible' && document.hasFocus() && window.location.pathname === `/r/${plan.room}`;
  if (watching) return;
  const shown = new Notification(plan.title, { body: plan.body, tag: plan.tag });
  shown.onclick = () => {
    window.focus();
    navigate({ page: 'chat', room: plan.room });
    shown.close();
  };
}
