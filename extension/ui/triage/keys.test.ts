import { describe, expect, it } from 'vitest';
import { commandFor, isTypingTarget } from './keys';

describe('commandFor', () => {
  it('maps the triage keys', () => {
    expect(commandFor({ key: 'j' })).toEqual({ type: 'move', delta: 1 });
    expect(commandFor({ key: 'ArrowDown' })).toEqual({ type: 'move', delta: 1 });
    expect(commandFor({ key: 'k' })).toEqual({ type: 'move', delta: -1 });
    expect(commandFor({ key: 'ArrowUp' })).toEqual({ type: 'move', delta: -1 });
    expect(commandFor({ key: 'J', shiftKey: true })).toEqual({ type: 'extend', delta: 1 });
    expect(commandFor({ key: 'K', shiftKey: true })).toEqual({ type: 'extend', delta: -1 });
    expect(commandFor({ key: 'ArrowDown', shiftKey: true })).toEqual({ type: 'extend', delta: 1 });
    expect(commandFor({ key: 'Enter' })).toEqual({ type: 'open' });
    expect(commandFor({ key: 'o' })).toEqual({ type: 'open' });
    expect(commandFor({ key: 'r' })).toEqual({ type: 'reply' });
    expect(commandFor({ key: 'e' })).toEqual({ type: 'done' });
    expect(commandFor({ key: 's' })).toEqual({ type: 'snooze' });
    expect(commandFor({ key: 'p' })).toEqual({ type: 'priority' });
    expect(commandFor({ key: 'a' })).toEqual({ type: 'assign' });
    expect(commandFor({ key: 't' })).toEqual({ type: 'tag' });
    expect(commandFor({ key: 'x' })).toEqual({ type: 'select' });
    expect(commandFor({ key: 'Escape' })).toEqual({ type: 'escape' });
    expect(commandFor({ key: '?', shiftKey: true })).toEqual({ type: 'help' });
    expect(commandFor({ key: '/' })).toEqual({ type: 'search' });
    expect(commandFor({ key: '3' })).toEqual({ type: 'view', index: 2 });
    expect(commandFor({ key: 'Home' })).toEqual({ type: 'first' });
    expect(commandFor({ key: 'End' })).toEqual({ type: 'last' });
  });

  it('leaves browser shortcuts and unknown keys alone', () => {
    expect(commandFor({ key: 'j', ctrlKey: true })).toBeNull();
    expect(commandFor({ key: 'r', metaKey: true })).toBeNull();
    expect(commandFor({ key: 'e', altKey: true })).toBeNull();
    expect(commandFor({ key: 'q' })).toBeNull();
    expect(commandFor({ key: '0' })).toBeNull();
    expect(commandFor({ key: ' ' })).toBeNull();
  });
});

describe('isTypingTarget', () => {
  const el = (tagName: string, isContentEditable = false) => ({ tagName, isContentEditable }) as unknown as EventTarget;
  it('is true in fields for every key', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(isTypingTarget(el(tag), 'j')).toBe(true);
    expect(isTypingTarget(el('DIV', true), 'e')).toBe(true);
  });
  it('gives Enter and Space to buttons and links, letters to the list', () => {
    expect(isTypingTarget(el('BUTTON'), 'Enter')).toBe(true);
    expect(isTypingTarget(el('A'), ' ')).toBe(true);
    expect(isTypingTarget(el('BUTTON'), 'j')).toBe(false);
    expect(isTypingTarget(el('UL'), 'Enter')).toBe(false);
    expect(isTypingTarget(null, 'j')).toBe(false);
  });
});
