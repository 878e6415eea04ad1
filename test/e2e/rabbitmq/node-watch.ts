// Watches which RabbitMQ nodes accept TCP connections on their AMQP port, every 200 ms, so a
// test can assert how many were serving at the worst moment of a rolling restart.
import { connect } from 'node:net';

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export interface NodeWatch {
  stop(): { samples: number; fewestUp: number };
}

export function watchNodes(hosts: string[], port: number): NodeWatch {
  let samples = 0;
  let fewestUp = hosts.length;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    const up = (await Promise.all(hosts.map((h) => accepts(h, port)))).filter(Boolean).length;
    samples++;
    fewestUp = Math.min(fewestUp, up);
    busy = false;
  }, 200);
  return {
    stop() {
      clearInterval(timer);
      return { samples, fewestUp };
    },
  };
}
