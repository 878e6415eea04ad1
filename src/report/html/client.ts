// The report page's script, as text inlined into report.html (no network fetches, no library).
// Written without template literals so it can live in a plain string, and in ASCII (\u escapes):
// a non-ASCII character makes V8 hold the whole 2.4 MB bundle as a two-byte string.
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var S = ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued'];
  var BAD = { failed: 1, unreachable: 1 };
  var shown = { ok: true, changed: true, failed: true, skipped: true, unreachable: true, ignored: true };
  var hostFilter = '';
  // The time axis spans the task results (loading and closing are not on the timeline).
  var total = Math.max(1, D.tasks.reduce(function (m, t) {
    return t.results.reduce(function (n, r) { return Math.max(n, r[2] + r[3]); }, m);
  }, 0));
  var $ = function (id) { return document.getElementById(id); };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function dur(ms) {
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }
  function taskTitle(t) {
    return (t.handler ? 'RUNNING HANDLER' : 'TASK') + ' [' + (t.role ? t.role + ' : ' : '') + t.name + ']';
  }
  function hostWorst(h) {
    var s = D.stats[h] || {};
    if (s.unreachable) return 'unreachable';
    if (s.failed) return 'failed';
    if (s.changed) return 'changed';
    return 'ok';
  }
  var RANK = { unreachable: 0, failed: 1, changed: 2, ok: 3 };
  var hostOrder = D.hosts.map(function (h, i) { return i; }).sort(function (a, b) {
    return RANK[hostWorst(D.hosts[a])] - RANK[hostWorst(D.hosts[b])] || (D.hosts[a] < D.hosts[b] ? -1 : 1);
  });
  function hostMatches(name) {
    if (!hostFilter) return true;
    return hostFilter.split(/[,\s]+/).some(function (f) { return f && name.toLowerCase().indexOf(f.toLowerCase()) >= 0; });
  }
  function resultShown(r) { return shown[S[r[1]]] && hostMatches(D.hosts[r[0]]); }
  function chip(status, text) { return '<span class="chip s-' + status + '">' + esc(text) + '</span>'; }
  function diffHtml(text) {
    return '<pre class="diff">' + text.replace(/\n$/, '').split('\n').map(function (l) {
      var c = l.indexOf('+++') === 0 || l.indexOf('---') === 0 ? 'dh' : l[0] === '+' ? 'da' : l[0] === '-' ? 'dd' : l.indexOf('@@') === 0 ? 'dc' : '';
      return '<span class="' + c + '">' + esc(l) + '</span>';
    }).join('\n') + '</pre>';
  }

  function renderHeader() {
    var failed = D.exitCode !== 0;
    $('meta').innerHTML = [
      '<span class="badge ' + (failed ? 's-failed' : 's-ok') + '">exit ' + D.exitCode + '</span>',
      '<span>started ' + esc(D.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')) + '</span>',
      '<span>took ' + dur(D.durationMs) + '</span>',
      '<span>' + D.hosts.length + ' hosts \u00b7 ' + D.tasks.length + ' tasks</span>',
      D.check ? '<span class="badge s-skipped">check mode</span>' : '',
      D.diff ? '<span class="badge s-changed">diff</span>' : '',
    ].join('');
    $('command').textContent = D.command;
    if (D.errors.length) $('errors').innerHTML = D.errors.map(function (e) { return '<pre class="error">ERROR! ' + esc(e) + '</pre>'; }).join('');
  }

  function renderFailures() {
    var rows = [];
    D.tasks.forEach(function (t) {
      t.results.forEach(function (r) {
        if (BAD[S[r[1]]] && hostMatches(D.hosts[r[0]])) rows.push('<div class="failure"><div class="fhead">' + chip(S[r[1]], S[r[1]]) + ' <b class="host">' + esc(D.hosts[r[0]]) + '</b> <span class="task">' + esc(taskTitle(t)) + '</span> <span class="muted">' + dur(r[3]) + '</span></div>' + (r[4] ? '<pre class="msg">' + esc(r[4]) + '</pre>' : '') + '</div>');
      });
    });
    $('failures').hidden = rows.length === 0;
    $('failures-count').textContent = rows.length;
    $('failure-list').innerHTML = rows.slice(0, 500).join('') + (rows.length > 500 ? '<p class="muted">\u2026 and ' + (rows.length - 500) + ' more</p>' : '');
  }

  function renderRecap() {
    var keys = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'];
    var head = '<tr><th>host</th>' + keys.map(function (k) { return '<th class="num">' + k + '</th>'; }).join('') + '</tr>';
    var body = hostOrder.filter(function (i) { return hostMatches(D.hosts[i]) && shown[hostWorst(D.hosts[i])] !== false; }).map(function (i) {
      var h = D.hosts[i], s = D.stats[h] || {};
      return '<tr class="host-row" data-host="' + esc(h) + '"><td class="host c-' + hostWorst(h) + '">' + esc(h) + '</td>' + keys.map(function (k) {
        var n = s[k] || 0;
        return '<td class="num' + (n ? ' c-' + k : ' zero') + '">' + n + '</td>';
      }).join('') + '</tr>';
    }).join('');
    $('recap-table').innerHTML = '<thead>' + head + '</thead><tbody>' + body + '</tbody>';
  }

  function renderTimeline() {
    var byHost = D.hosts.map(function () { return []; });
    D.tasks.forEach(function (t, ti) { t.results.forEach(function (r) { byHost[r[0]].push([ti, r]); }); });
    var ticks = [];
    for (var k = 0; k <= 4; k++) ticks.push('<span style="left:' + (k * 25) + '%">' + dur(Math.round(total * k / 4)) + '</span>');
    var rows = hostOrder.filter(function (i) { return hostMatches(D.hosts[i]); }).map(function (i) {
      var bars = byHost[i].filter(function (e) { return shown[S[e[1][1]]]; }).map(function (e) {
        var r = e[1], t = D.tasks[e[0]];
        return '<i class="bar s-' + S[r[1]] + '" style="left:' + (100 * r[2] / total).toFixed(3) + '%;width:' + (100 * r[3] / total).toFixed(3) + '%" title="' + esc(taskTitle(t) + ' \u00b7 ' + S[r[1]] + ' \u00b7 ' + dur(r[3])) + '"></i>';
      }).join('');
      return '<div class="tl-row"><span class="tl-host c-' + hostWorst(D.hosts[i]) + '">' + esc(D.hosts[i]) + '</span><div class="tl-track">' + bars + '</div></div>';
    });
    $('timeline-axis').innerHTML = ticks.join('');
    $('timeline-rows').innerHTML = rows.join('');
  }

  function taskBody(t) {
    var rows = t.results.filter(resultShown).sort(function (a, b) {
      return (BAD[S[b[1]]] ? 1 : 0) - (BAD[S[a[1]]] ? 1 : 0) || (D.hosts[a[0]] < D.hosts[b[0]] ? -1 : 1);
    }).map(function (r) {
      return '<tr class="result"><td class="host">' + esc(D.hosts[r[0]]) + '</td><td>' + chip(S[r[1]], S[r[1]]) + '</td><td class="num">' + dur(r[3]) + '</td><td class="detail">' + (r[4] ? '<pre class="msg">' + esc(r[4]) + '</pre>' : '') + (r[5] ? diffHtml(r[5]) : '') + '</td></tr>';
    });
    return rows.length ? '<table class="results"><tbody>' + rows.join('') + '</tbody></table>' : '<p class="muted">no result matches the filters</p>';
  }

  function renderTasks() {
    var smallRun = D.hosts.length <= 10;
    var html = D.tasks.map(function (t, ti) {
      var visible = t.results.filter(resultShown);
      if (!visible.length && t.results.length) return '';
      var counts = {};
      var longest = 0, first = Infinity, last = 0, hasDiff = false, hasBad = false;
      t.results.forEach(function (r) {
        counts[S[r[1]]] = (counts[S[r[1]]] || 0) + 1;
        longest = Math.max(longest, r[3]); first = Math.min(first, r[2]); last = Math.max(last, r[2] + r[3]);
        if (r[5]) hasDiff = true;
        if (BAD[S[r[1]]]) hasBad = true;
      });
      if (first === Infinity) first = t.start;
      var open = hasBad || (smallRun && hasDiff);
      var chips = S.filter(function (s) { return counts[s]; }).map(function (s) { return chip(s, s + ' ' + counts[s]); }).join('');
      var span = '<span class="span"><i style="left:' + (100 * first / total).toFixed(2) + '%;width:' + Math.max(0.3, 100 * (last - first) / total).toFixed(2) + '%"></i></span>';
      return '<details class="task' + (hasBad ? ' bad' : '') + '" data-task="' + ti + '"' + (open ? ' open' : '') + '><summary><span class="tname">' + esc(taskTitle(t)) + '</span>' + chips + (hasDiff ? '<span class="chip diffmark">diff</span>' : '') + '<span class="tdur" title="longest host">' + dur(longest) + '</span>' + span + '</summary>' + (open ? taskBody(t) : '') + '</details>';
    }).join('');
    $('task-list').innerHTML = html || '<p class="muted">no task matches the filters</p>';
  }

  function renderAll() { renderFailures(); renderRecap(); renderTimeline(); renderTasks(); }

  function renderFilters() {
    $('status-filters').innerHTML = S.filter(function (s) { return s !== 'rescued'; }).map(function (s) {
      return '<label class="toggle s-' + s + '"><input type="checkbox" data-status="' + s + '" checked> ' + s + '</label>';
    }).join('');
    $('status-filters').addEventListener('change', function (e) {
      shown[e.target.getAttribute('data-status')] = e.target.checked;
      renderAll();
    });
    var pending;
    $('host-filter').addEventListener('input', function (e) {
      clearTimeout(pending);
      pending = setTimeout(function () { hostFilter = e.target.value.trim(); renderAll(); }, 120);
    });
    $('task-list').addEventListener('toggle', function (e) {
      var d = e.target;
      if (d.open && !d.querySelector('table, p')) d.insertAdjacentHTML('beforeend', taskBody(D.tasks[Number(d.getAttribute('data-task'))]));
    }, true);
  }

  renderHeader();
  renderFilters();
  renderAll();
})();
`;
