import { describe, expect, it } from 'vitest';
import { Simulation, type Timer } from '../../src/engine/simulation.ts';

type Log = [string, number][];

describe('Simulation', () => {
  it('delivers events in time order with the clock at each event', () => {
    const log: Log = [];
    const sim = new Simulation<string>((name, s) => log.push([name, s.nowMs]));
    sim.schedule(30, 'c');
    sim.schedule(10, 'a');
    sim.schedule(20, 'b');
    expect(sim.run(100)).toBe(3);
    expect(log).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
    expect(sim.nowMs).toBe(100);
    expect(sim.events).toBe(3);
  });

  it('breaks ties by priority, then insertion order', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((name) => log.push(name));
    sim.schedule(5, 'second', 100);
    sim.schedule(5, 'third', 100);
    sim.schedule(5, 'first', 1);
    sim.run(10);
    expect(log).toEqual(['first', 'second', 'third']);
  });

  it('events scheduled by a handler at the same time run after queued ones', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((name, s) => {
      log.push(name);
      if (name === 'a') s.schedule(0, 'a-child');
    });
    sim.schedule(1, 'a');
    sim.schedule(1, 'b');
    sim.run(5);
    expect(log).toEqual(['a', 'b', 'a-child']);
  });

  it('cancel removes an event; reschedule moves it', () => {
    const log: Log = [];
    const timers = new Map<string, Timer<string>>();
    const sim = new Simulation<string>((name, s) => {
      log.push([name, s.nowMs]);
      if (name === 'kick') {
        s.cancel(timers.get('victim')!);
        timers.set('moved', s.reschedule(timers.get('moved')!, 50));
      }
    });
    timers.set('victim', sim.schedule(20, 'victim'));
    timers.set('moved', sim.schedule(30, 'moved'));
    sim.schedule(10, 'kick');
    sim.run(1000);
    expect(log).toEqual([
      ['kick', 10],
      ['moved', 60],
    ]);
    expect(sim.cancel(timers.get('moved')!)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('run stops at the horizon and resumes later', () => {
    const log: Log = [];
    const sim = new Simulation<string>((name, s) => log.push([name, s.nowMs]));
    sim.schedule(10, 'a');
    sim.schedule(50, 'b');
    sim.run(20);
    expect(log).toEqual([['a', 10]]);
    expect(sim.nowMs).toBe(20);
    sim.run(100);
    expect(log).toEqual([
      ['a', 10],
      ['b', 50],
    ]);
  });

  it('an event exactly at the horizon is delivered', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((name) => log.push(name));
    sim.schedule(20, 'edge');
    sim.run(20);
    expect(log).toEqual(['edge']);
  });

  it('stop ends the run after the current event', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((name, s) => {
      log.push(name);
      if (name === 'halt') s.stop();
    });
    sim.schedule(1, 'halt');
    sim.schedule(2, 'after');
    sim.run(10);
    expect(log).toEqual(['halt']);
    expect(sim.nowMs).toBe(1);
  });

  it('step delivers one event at a time', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((name) => log.push(name));
    sim.schedule(1, 'a');
    sim.schedule(2, 'b');
    expect(sim.step()).toBe(true);
    expect(log).toEqual(['a']);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(false);
  });

  it('afterEach runs after every event', () => {
    let checks = 0;
    const sim = new Simulation<number>(() => {});
    for (let i = 1; i <= 5; i++) sim.schedule(i, i);
    sim.run(10, () => checks++);
    expect(checks).toBe(5);
  });

  it('rejects negative delays, the past and bad priorities', () => {
    const sim = new Simulation<number>(() => {});
    sim.schedule(5, 0);
    sim.run(5);
    expect(() => sim.schedule(-1, 0)).toThrow(/>= 0/);
    expect(() => sim.scheduleAt(4, 0)).toThrow(/past/);
    expect(() => sim.schedule(1, 0, -1)).toThrow(/priority/);
    expect(() => sim.schedule(1, 0, 1.5)).toThrow(/priority/);
    expect(() => sim.schedule(Number.NaN, 0)).toThrow();
  });
});
