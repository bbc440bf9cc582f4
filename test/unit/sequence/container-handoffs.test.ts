// Credentials handed to a container: a bind mount of a directory that holds them (`docker run -v ~/.aws:…`) or a
// copy into a running one (`docker cp ~/.kube web:/root/`): the image's code can read every file in it.
import { describe, expect, it } from 'vitest';
import { at, BARE_CTX, bash, lastOf, rulesOfCommand } from './replay.js';

const dirCopyTitle = (command: string) => { at(0); return lastOf([bash(command)], BARE_CTX).find((x) => x.rule === 'credential-dir-copy')?.title; };

// Written after a container's bind mounts became what it is handed: other CLIs, option spellings and sources.
describe('credentials handed to a container by a bind mount', () => {
  it.each([
    ['podman container run, a quoted $HOME source, read-only', 'podman container run --rm -v "$HOME/.config/gcloud":/root/.config/gcloud:ro ghcr.io/acme/ops-tools gcloud auth list'],
    ['nerdctl with --volume and a space', 'nerdctl run --volume ~/.kube:/root/.kube ghcr.io/acme/ops-tools kubectl get pods'],
    ['docker create with a src= mount', 'docker create --mount src=/home/dev/.gnupg,dst=/g,type=bind debian:12'],
    ['the -v value glued to the option', 'docker run -v/home/dev/.docker:/d alpine true'],
    ['--mount= with its spec after an equals sign', 'docker run --mount=type=bind,source=/home/dev/.ssh,target=/k,readonly alpine true'],
  ])('%s: credential-dir-copy, said as handed to a container', (_name, command) => {
    expect(dirCopyTitle(command)).toMatch(/^Handed .* to a container/);
  });

  it('a credential file mounted alone: secret-read', () => {
    expect(rulesOfCommand('docker run --rm -v ~/.netrc:/root/.netrc:ro curlimages/curl -n https://example.com')).toContain('secret-read');
  });

  it.each([
    ['the project mounted to build it', 'docker run --rm -v "$PWD":/src -w /src golang:1.22 go test ./...'],
    ['a tmpfs mount', 'docker run --mount type=tmpfs,target=/tmp alpine true'],
    ['a named volume for a cache', 'docker run -v gocache:/root/.cache/go-build golang:1.22 go build ./...'],
    ['a build cache from home', 'docker run -v ~/.cache/go-build:/root/.cache/go-build golang:1.22 go build ./...'],
    ['a volume created', 'docker volume create pgdata'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command)).toEqual([]);
  });
});

// Written after `docker cp` into a container became a hand-off: other CLIs, option spellings and sources.
describe('credentials copied into a container', () => {
  it.each([
    ['docker cp with --archive, a $HOME source', 'docker cp --archive $HOME/.config/gh ci-runner:/root/.config/'],
    ['podman cp of the gcloud directory, -L first', 'podman cp -L ~/.config/gcloud dev-box:/home/dev/.config/gcloud'],
    ['docker container cp of the docker directory', 'docker container cp /home/dev/.docker tools:/root/.docker'],
  ])('%s: credential-dir-copy, said as handed to a container', (_name, command) => {
    expect(dirCopyTitle(command)).toMatch(/^Handed .* to a container/);
  });

  it.each([
    ['the project built into a container', 'docker cp ./build web:/usr/share/nginx/html'],
    ['a log copied out of a container', 'docker cp web:/var/log/nginx ./logs'],
    ['a home directory copied out of one', 'podman cp dev-box:/home/dev/.aws ./restore-aws'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command)).toEqual([]);
  });
});
