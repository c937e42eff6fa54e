import { saysAllClear } from '../../knowledge/triage/all-clear.js';

describe('saysAllClear: a message that takes its own alarm back', () => {
  it.each([
    "OMG I think I got hacked!!! Google says my password was changed... oh wait. I changed it myself this morning. Sorry.",
    'ok false alarm, the stick was in my other bag',
    'sorry ignore my msg from 10 min ago about the weird login',
    'New sign-in on iPad?? never mind, that\'s my new iPad from yesterday',
    'Turns out it was me on the new laptop at the branch.',
    '「新しいデバイスでログイン」って来て焦ったけど、よく見たら自分の新しいiPhoneでした。お騒がせしました',
    '乗っ取られた！？…と思ったら、パスワードの有効期限が切れてただけでした',
    '先ほどの件、私の勘違いでした。すみません',
    '海外からのログインの件、理事長が出張先から見ていただけで、本人に確認できました。お騒がせいたしました',
    // The cause named as the asker after the alarm, and the short closures staff type.
    'New login from Osaka on the shop account 😳 …oh wait sorry, that\'s me on my wife\'s laptop',
    'Antivirus popped up a threat on the reception PC!! ah it was me, testing it with the test file',
    'Defender flagged something on my laptop, that was me testing the new scanner',
    'the NAS is unreachable!!! …ok it came back after the scheduled reboot. nvm',
    'I forwarded the payroll sheet to the wrong Ken!! …no, it was our own Ken in accounting. Phew.',
    'A customer asked why they got a reset mail?? …they had pressed "forgot password" themselves. Sorry, all fine.',
  ])('finds the closure in %s', (text) => {
    expect(saysAllClear(text)).toBe(true);
  });

  it.each([
    // Tone is not an all-clear: downplayed reports stay what they are.
    'probably nothing, just FYI: Defender quarantined something from the invoice I opened. all good now I guess?',
    '大したことないと思うけど、請求書のマクロを有効にしちゃいました',
    // A pre-emptive apology is not one either.
    'お騒がせして申し訳ないですが、取引先から私のアドレスで変なメールが来ていると言われています',
    // A detail corrected, or a suspicion of someone else's mistake, takes nothing back.
    'I lost the shop tablet. PIN is 1111, no wait, maybe 0000',
    '銀行から不審な振込予約があると電話が。たぶん向こうの勘違いだと思うんですが…',
    '自分のスマホで見ても同じ偽の警告画面でした',
    'よく見たら添付は文字化けした表だけでした。マクロは有効にしてしまいました',
    'Threat found: Trojan:Win32/Wacatac — 脅威が見つかりました！',
    // Owning up is no all-clear.
    'It was me who clicked the link in that DHL mail, sorry',
    '添付を開いたのは私でした。すみません',
    "Oh wait, it's me who approved the sign-in prompt at 3am, I thought it was the app",
    "Hi it's me from the front desk: the shared PC shows a ransom note",
    'Phew, long week. Anyway the file server shows every file renamed .lockbit and a note',
  ])('finds none in %s', (text) => {
    expect(saysAllClear(text)).toBe(false);
  });
});
