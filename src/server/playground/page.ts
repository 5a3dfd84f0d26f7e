/**
 * The playground's HTML: the static skeleton that app.ts fills in. Every
 * control has a label and a data-testid; the parts that need a session stay
 * hidden until the client is connected.
 */
export interface PageOptions {
  /** Show the "mint a dev token" form (development only). */
  readonly mint: boolean;
}

const MINT_FORM = `
      <form id="mint-form" class="row" data-testid="mint-form">
        <label for="mint-player">Player id</label>
        <input id="mint-player" name="playerId" data-testid="mint-player" required
          pattern="[A-Za-z0-9_\\-]{1,64}" maxlength="64" autocomplete="off">
        <button type="submit" data-testid="mint">Mint a dev token</button>
      </form>`;

const NO_MINT = `
      <p class="hint" data-testid="mint-off">Token minting is off in production:
        get one with <code>npm run token -- &lt;playerId&gt;</code>.</p>`;

export function playgroundPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>lifetick playground</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/playground/app.css">
  <script src="/playground/app.js" defer></script>
</head>
<body>
  <header class="bar">
    <h1>lifetick playground</h1>
    <p id="status" class="status" role="status" data-testid="status" data-state="offline">Not connected</p>
  </header>

  <main>
    <section class="card" aria-labelledby="connect-title">
      <h2 id="connect-title">Connect</h2>${options.mint ? MINT_FORM : NO_MINT}
      <form id="connect-form" class="row">
        <label for="token">Player token</label>
        <input id="token" name="token" data-testid="token" required autocomplete="off"
          spellcheck="false" placeholder="paste a JWT">
        <button type="submit" data-testid="connect">Connect</button>
        <button type="button" id="disconnect" class="secondary" data-testid="disconnect"
          disabled>Disconnect</button>
      </form>
    </section>

    <div id="game" class="game" hidden>
      <section class="card" aria-labelledby="clock-title">
        <h2 id="clock-title">Clock</h2>
        <p class="clock">
          <span data-testid="clock-time" id="clock-time">--:--</span>
          <span data-testid="clock-weekday" id="clock-weekday"></span>
          day <span data-testid="clock-day" id="clock-day">-</span>
          of <span data-testid="clock-year" id="clock-year">-</span>
        </p>
        <p>Age <span data-testid="clock-age" id="clock-age">-</span></p>
        <fieldset class="speeds">
          <legend>Speed</legend>
          <div id="speeds" class="row" data-testid="speeds"></div>
        </fieldset>
      </section>

      <section class="card" aria-labelledby="stats-title">
        <h2 id="stats-title">Stats</h2>
        <div id="meters" class="meters"></div>
        <details open>
          <summary>Every client field</summary>
          <dl id="fields" class="fields" data-testid="fields"></dl>
        </details>
      </section>

      <section class="card" aria-labelledby="event-title">
        <h2 id="event-title">Pending event</h2>
        <div id="event" data-testid="event" aria-live="polite"></div>
        <h3>Recent events</h3>
        <ol id="recent-events" class="recent" data-testid="recent-events"></ol>
      </section>

      <section class="card" aria-labelledby="npc-title">
        <h2 id="npc-title">People</h2>
        <table class="npcs">
          <thead><tr><th scope="col">#</th><th scope="col">Role</th><th scope="col">Age</th>
            <th scope="col">Affinity</th><th scope="col">Familiarity</th></tr></thead>
          <tbody id="npcs" data-testid="npcs"></tbody>
        </table>
        <form id="talk-form" class="row">
          <label for="talk-npc">Talk to</label>
          <select id="talk-npc" data-testid="talk-npc"></select>
          <label for="talk-text" class="visually-hidden">Message</label>
          <input id="talk-text" data-testid="talk-text" required maxlength="500"
            autocomplete="off" placeholder="Say something">
          <button type="submit" data-testid="talk-send">Send</button>
        </form>
        <ol id="chat" class="chat" data-testid="chat-log" aria-live="polite"></ol>
      </section>
    </div>

    <section class="card log-card" aria-labelledby="log-title">
      <h2 id="log-title">Log</h2>
      <label class="check"><input type="checkbox" id="log-updates" data-testid="log-updates">
        Log update frames (<span id="update-count" data-testid="update-count">0</span> so far)</label>
      <ol id="log" class="log" data-testid="log"></ol>
    </section>
  </main>
</body>
</html>
`;
}
