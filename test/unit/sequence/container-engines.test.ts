// A container engine on another machine driven over its plain TCP API. Written after container-daemon-remote,
// with other clients, options and hosts than its examples and the probes.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, rulesOfCommand, severityIn } from './replay.js';

const severityOf = (command: string) => severityIn(aloneOf(bash(command)), 'container-daemon-remote');

describe("another machine's container engine over plain TCP", () => {
  it.each([
    ['nerdctl copying a file there', 'nerdctl -H tcp://192.0.2.40:2375 cp ./payload.sh box:/tmp/p.sh', 'high'],
    ['a build sent there, the host in the environment', 'CONTAINER_HOST=tcp://build-7.example.net:2375 podman build -t x .', 'high'],
    ['an image loaded there from a tarball', 'docker --host tcp://198.51.100.61 load -i /tmp/img.tar', 'high'],
    ['its containers listed', 'docker -H=tcp://198.51.100.61:2375 container ls -a', 'medium'],
  ])('%s', (_name, command, severity) => {
    expect(severityOf(command)).toBe(severity);
  });

  it.each([
    'DOCKER_HOST=tcp://0.0.0.0:2375 docker info',
    'docker --tls -H tcp://ci.example.com:2376 images',
    'DOCKER_TLS_VERIFY=1 DOCKER_HOST=tcp://ci.example.com:2376 docker ps',
    'docker -H ssh://deploy@203.0.113.5 compose up -d',
    'docker context use default',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('container-daemon-remote');
  });
});
