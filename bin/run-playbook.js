#!/usr/bin/env node
require('./entry.js').start('run-playbook');
