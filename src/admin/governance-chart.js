/* global d3, document */
// Draws the admin page's charts with d3 (served from node_modules by /admin/assets/d3.min.js, never a CDN): a grouped
// bar chart per topic (accepted / overridden / no feedback) and a daily trend of cards shown. Each bar carries its
// value in data-value, so a test can read what was drawn.
const data = JSON.parse(document.getElementById('governance-data').textContent);
const SERIES = ['accepted', 'overridden', 'noFeedback'];
const COLORS = { accepted: '#2e7d32', overridden: '#c62828', noFeedback: '#9e9e9e', shown: '#1565c0' };

function barChart() {
  const rows = data.topics;
  const width = 720;
  const height = 300;
  const margin = { top: 20, right: 20, bottom: 90, left: 40 };
  const svg = d3.select('#bars').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const x = d3.scaleBand().domain(rows.map((r) => r.key)).range([margin.left, width - margin.right]).padding(0.2);
  const inner = d3.scaleBand().domain(SERIES).range([0, x.bandwidth()]).padding(0.05);
  const max = d3.max(rows, (r) => d3.max(SERIES, (s) => r[s])) || 1;
  const y = d3.scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top]);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x)).selectAll('text').attr('transform', 'rotate(-30)').style('text-anchor', 'end');
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(Math.min(max, 8)).tickFormat(d3.format('d')));
  svg
    .append('g')
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('transform', (r) => `translate(${x(r.key)},0)`)
    .selectAll('rect')
    .data((r) => SERIES.map((s) => ({ topic: r.key, series: s, value: r[s] })))
    .join('rect')
    .attr('class', 'bar')
    .attr('data-topic', (d) => d.topic)
    .attr('data-series', (d) => d.series)
    .attr('data-value', (d) => d.value)
    .attr('x', (d) => inner(d.series))
    .attr('width', inner.bandwidth())
    .attr('y', (d) => y(d.value))
    .attr('height', (d) => y(0) - y(d.value))
    .attr('fill', (d) => COLORS[d.series]);
}

function trendChart() {
  const days = data.trend;
  const width = 720;
  const height = 220;
  const margin = { top: 20, right: 20, bottom: 30, left: 40 };
  const svg = d3.select('#trend').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const x = d3.scaleUtc().domain(d3.extent(days, (d) => new Date(d.day))).range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain([0, d3.max(days, (d) => d.shown) || 1]).nice().range([height - margin.bottom, margin.top]);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(d3.format('d')));
  for (const series of ['shown', 'accepted', 'overridden']) {
    const line = d3.line().x((d) => x(new Date(d.day))).y((d) => y(d[series]));
    svg
      .append('g')
      .selectAll('circle')
      .data(days)
      .join('circle')
      .attr('class', 'point')
      .attr('data-series', series)
      .attr('data-value', (d) => d[series])
      .attr('cx', (d) => x(new Date(d.day)))
      .attr('cy', (d) => y(d[series]))
      .attr('r', 3)
      .attr('fill', COLORS[series]);
    svg.append('path').datum(days).attr('class', 'trend').attr('data-series', series).attr('fill', 'none').attr('stroke', COLORS[series]).attr('stroke-width', 2).attr('d', line);
  }
}

barChart();
if (data.trend.length > 0) trendChart();
document.body.setAttribute('data-drawn', 'true');
