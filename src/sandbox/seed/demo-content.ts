/** The words of the demo account: people, brands and what customers wrote, in their languages. */

export const DEMO_GROUPS = [
  { key: 'billing', name: 'Billing' },
  { key: 'tech', name: 'Technical Support' },
  { key: 'onboarding', name: 'Onboarding' },
] as const;
export type GroupKey = (typeof DEMO_GROUPS)[number]['key'];

/** The billing group's team leader (Zendesk's "Team Leader" custom role). */
export const DEMO_TEAM_LEADER = 'Tomás Ferreira';

/** skill: the mean answer (1–7) customers tend to give this agent; trend: change over 90 days. */
export const DEMO_AGENTS: ReadonlyArray<{
  name: string;
  group: GroupKey;
  skill: number;
  trend: number;
}> = [
  { name: 'Maya Lindqvist', group: 'billing', skill: 6.1, trend: 0.1 },
  { name: 'Tomás Ferreira', group: 'billing', skill: 5.4, trend: 0.3 },
  { name: 'Priya Raman', group: 'billing', skill: 4.6, trend: 0.6 },
  { name: 'Jonas Becker', group: 'billing', skill: 5.0, trend: -0.2 },
  { name: 'Sofia Marin', group: 'tech', skill: 5.8, trend: 0 },
  { name: 'Daan Visser', group: 'tech', skill: 4.3, trend: 0.4 },
  { name: 'Chloé Dubois', group: 'tech', skill: 5.2, trend: 0.2 },
  { name: 'Andrei Popescu', group: 'tech', skill: 4.8, trend: -0.3 },
  { name: 'Lucía Ortega', group: 'onboarding', skill: 6.3, trend: 0 },
  { name: 'Ben Okafor', group: 'onboarding', skill: 5.6, trend: 0.2 },
  { name: 'Hanna Schulz', group: 'onboarding', skill: 5.1, trend: 0.1 },
  // Joined this week: too few answers to rank, so the team page shows him unranked.
  { name: 'Noah Williams', group: 'onboarding', skill: 5.5, trend: 0 },
];

export const DEMO_BRANDS = [
  { key: 'cloud', name: 'Acme Cloud', subdomain: 'acme-cloud' },
  { key: 'pay', name: 'Acme Pay', subdomain: 'acme-pay' },
  { key: 'academy', name: 'Acme Academy', subdomain: 'acme-academy' },
] as const;

/** Zendesk's via channels with how often each occurs and how it shifts effort (+ = easier). */
export const DEMO_CHANNELS: ReadonlyArray<readonly [string, number, number]> = [
  ['email', 0.45, -0.15],
  ['web', 0.25, 0],
  ['chat', 0.15, 0.35],
  ['voice', 0.1, 0.2],
  ['api', 0.05, -0.3],
];

/** Zendesk locale of the requester → share of customers. */
export const DEMO_LOCALES: ReadonlyArray<readonly [string, number]> = [
  ['en-US', 0.42],
  ['nl', 0.16],
  ['de', 0.13],
  ['fr', 0.1],
  ['es', 0.08],
  ['pt-BR', 0.07],
  ['ro', 0.04],
];

export const DEMO_NAMES: Record<string, { first: string[]; last: string[] }> = {
  'en-US': {
    first: ['Emma', 'Liam', 'Olivia', 'James', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Grace', 'Henry'],
    last: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Davis', 'Clark', 'Walker', 'Hall'],
  },
  nl: {
    first: ['Anna', 'Sem', 'Julia', 'Daan', 'Sophie', 'Lars', 'Fleur', 'Bram', 'Noor', 'Thijs'],
    last: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'de Boer', 'Mulder'],
  },
  de: {
    first: ['Lena', 'Felix', 'Marie', 'Paul', 'Lea', 'Jonas', 'Clara', 'Leon', 'Emilia', 'Max'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Hoffmann'],
  },
  fr: {
    first: ['Camille', 'Louis', 'Léa', 'Hugo', 'Manon', 'Jules', 'Chloé', 'Arthur', 'Inès'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand'],
  },
  es: {
    first: ['Lucía', 'Hugo', 'Martina', 'Pablo', 'Sofía', 'Mateo', 'Valeria', 'Daniel'],
    last: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez'],
  },
  'pt-BR': {
    first: ['Ana', 'João', 'Beatriz', 'Pedro', 'Mariana', 'Gabriel', 'Larissa', 'Rafael'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Lima'],
  },
  ro: {
    first: ['Ioana', 'Andrei', 'Maria', 'Mihai', 'Elena', 'Alexandru', 'Ana', 'Stefan'],
    last: ['Popescu', 'Ionescu', 'Dumitru', 'Stan', 'Stoica', 'Gheorghe', 'Rusu', 'Munteanu'],
  },
};

export const DEMO_SUBJECTS: Record<GroupKey, string[]> = {
  billing: [
    'Charged twice for my subscription',
    'Invoice shows the wrong VAT number',
    'Refund for cancelled plan',
    'Card declined on renewal',
    'How do I change my billing address?',
    'Upgrade to annual plan',
  ],
  tech: [
    'API returns 502 since this morning',
    'Cannot log in after password reset',
    'Webhooks stopped arriving',
    'Export to CSV times out',
    'Two-factor codes not accepted',
    'Sync between devices is slow',
  ],
  onboarding: [
    'Help importing our contacts',
    'Which plan fits a team of 20?',
    'Setting up single sign-on',
    'Inviting colleagues to the workspace',
    'Where do I find the getting started guide?',
    'Migrating from our old tool',
  ],
};

/** Effort drivers that tend to come up in each group (ids from DEFAULT_DRIVERS). */
export const DEMO_DRIVER_WEIGHTS: Record<GroupKey, ReadonlyArray<readonly [string, number]>> = {
  billing: [
    ['transferred', 3],
    ['contacted_more_than_once', 3],
    ['repeated_information', 2],
    ['took_too_long', 1],
    ['other', 1],
  ],
  tech: [
    ['took_too_long', 4],
    ['answer_unclear', 3],
    ['contacted_more_than_once', 2],
    ['self_service_failed', 1],
    ['other', 1],
  ],
  onboarding: [
    ['self_service_failed', 4],
    ['answer_unclear', 2],
    ['repeated_information', 2],
    ['took_too_long', 1],
    ['other', 1],
  ],
};

/** What customers wrote, by language: kind words for easy answers, complaints by driver. */
export const DEMO_COMMENTS: Record<string, { easy: string[]; hard: Record<string, string[]> }> = {
  'en-US': {
    easy: [
      'Quick and friendly, thank you!',
      'Sorted in one reply. Great.',
      'Clear steps, worked the first time.',
    ],
    hard: {
      transferred: ['I was passed between three departments before anyone could help.'],
      contacted_more_than_once: ['Had to write in again because nobody answered my first mail.'],
      repeated_information: ['I gave my account number on every reply. Please read the ticket.'],
      took_too_long: ['It took four days to get a real answer.'],
      answer_unclear: ['The answer used terms I did not understand & no example.'],
      self_service_failed: ['The help article was out of date, so I had to contact you anyway.'],
      other: ['The refund arrived but the email said <b>pending</b> for a week.'],
    },
  },
  nl: {
    easy: ['Snel en vriendelijk geholpen, dank je!', 'In één keer opgelost. Top.'],
    hard: {
      transferred: ['Ik werd drie keer doorverbonden voordat iemand me kon helpen.'],
      contacted_more_than_once: [
        'Ik moest opnieuw mailen omdat niemand op mijn eerste mail reageerde.',
      ],
      repeated_information: ['Bij elk antwoord moest ik mijn klantnummer opnieuw geven.'],
      took_too_long: ['Het duurde vier dagen voordat ik een echt antwoord kreeg.'],
      answer_unclear: ['Het antwoord was vaag en er stond geen voorbeeld bij.'],
      self_service_failed: ['Het helpartikel klopte niet meer, dus ik moest toch contact opnemen.'],
      other: ['De terugbetaling kwam pas na twee weken binnen.'],
    },
  },
  de: {
    easy: ['Schnell und freundlich, danke!', 'Mit einer Antwort erledigt. Super.'],
    hard: {
      transferred: ['Ich wurde dreimal weitergeleitet, bevor mir jemand helfen konnte.'],
      contacted_more_than_once: [
        'Ich musste nochmal schreiben, weil auf meine erste Mail niemand reagierte.',
      ],
      repeated_information: ['Ich musste meine Kundennummer bei jeder Antwort wiederholen.'],
      took_too_long: ['Es hat vier Tage gedauert, bis ich eine richtige Antwort bekam.'],
      answer_unclear: ['Die Antwort war unklar und hatte kein Beispiel.'],
      self_service_failed: [
        'Der Hilfeartikel war veraltet, also musste ich Sie trotzdem kontaktieren.',
      ],
      other: ['Die Rückerstattung kam erst nach zwei Wochen.'],
    },
  },
  fr: {
    easy: ['Rapide et aimable, merci !', 'Réglé en une seule réponse. Parfait.'],
    hard: {
      transferred: ["J'ai été transféré trois fois avant que quelqu'un puisse m'aider."],
      contacted_more_than_once: ["J'ai dû réécrire car personne n'a répondu à mon premier e-mail."],
      repeated_information: ['J’ai dû redonner mon numéro client à chaque réponse.'],
      took_too_long: ['Il a fallu quatre jours pour obtenir une vraie réponse.'],
      answer_unclear: ['La réponse était floue, sans exemple.'],
      self_service_failed: ["L'article d'aide n'était plus à jour, j'ai donc dû vous contacter."],
      other: ['Le remboursement est arrivé au bout de deux semaines.'],
    },
  },
  es: {
    easy: ['Rápido y amable, ¡gracias!', 'Resuelto en una sola respuesta. Genial.'],
    hard: {
      transferred: ['Me pasaron por tres departamentos antes de que alguien pudiera ayudarme.'],
      contacted_more_than_once: [
        'Tuve que volver a escribir porque nadie respondió a mi primer correo.',
      ],
      repeated_information: ['Tuve que repetir mi número de cliente en cada respuesta.'],
      took_too_long: ['Tardaron cuatro días en darme una respuesta real.'],
      answer_unclear: ['La respuesta era confusa y sin ningún ejemplo.'],
      self_service_failed: [
        'El artículo de ayuda estaba desactualizado, así que tuve que contactaros.',
      ],
      other: ['El reembolso llegó después de dos semanas.'],
    },
  },
  'pt-BR': {
    easy: ['Rápido e simpático, obrigado!', 'Resolvido numa só resposta. Ótimo.'],
    hard: {
      transferred: ['Fui transferido três vezes antes de alguém conseguir me ajudar.'],
      contacted_more_than_once: [
        'Tive que escrever de novo porque ninguém respondeu ao primeiro e-mail.',
      ],
      repeated_information: ['Tive que repetir o número de cliente em cada resposta.'],
      took_too_long: ['Demorou quatro dias para eu ter uma resposta de verdade.'],
      answer_unclear: ['A resposta foi confusa e sem nenhum exemplo.'],
      self_service_failed: [
        'O artigo de ajuda estava desatualizado, então tive que entrar em contato.',
      ],
      other: ['O reembolso só chegou depois de duas semanas.'],
    },
  },
  ro: {
    easy: ['Rapid și amabil, mulțumesc!', 'Rezolvat dintr-un singur răspuns. Excelent.'],
    hard: {
      transferred: ['Am fost transferat de trei ori până când cineva m-a putut ajuta.'],
      contacted_more_than_once: [
        'A trebuit să scriu din nou pentru că nimeni nu a răspuns la primul e-mail.',
      ],
      repeated_information: ['A trebuit să repet numărul de client la fiecare răspuns.'],
      took_too_long: ['Au trecut patru zile până am primit un răspuns real.'],
      answer_unclear: ['Răspunsul a fost neclar și fără niciun exemplu.'],
      self_service_failed: ['Articolul de ajutor era depășit, așa că a trebuit să vă contactez.'],
      other: ['Rambursarea a sosit abia după două săptămâni.'],
    },
  },
};

/**
 * The customer's first message and the agent's solving reply, by language; on longer tickets the
 * agent's follow-up question, the customer's details, and the customer's reopening message.
 */
export const DEMO_MESSAGES: Record<
  string,
  { opener: string; reply: string; followUp: string; details: string; reopen: string }
> = {
  'en-US': {
    opener: 'Hi, could you help me with this? Thanks.',
    reply: 'Thanks for your patience: this is sorted now. Let us know if anything else comes up.',
    followUp: 'Could you send us a screenshot and your order number?',
    details: 'Here it is, with the order number.',
    reopen: 'Sorry, this is still not working for me.',
  },
  nl: {
    opener: 'Hallo, kunnen jullie me hiermee helpen? Bedankt.',
    reply: 'Bedankt voor je geduld: dit is nu opgelost. Laat het weten als er nog iets is.',
    followUp: 'Kun je ons een schermafbeelding en je bestelnummer sturen?',
    details: 'Hier is het, met het bestelnummer.',
    reopen: 'Sorry, het werkt nog steeds niet.',
  },
  de: {
    opener: 'Hallo, können Sie mir dabei helfen? Danke.',
    reply:
      'Danke für Ihre Geduld: das ist jetzt erledigt. Melden Sie sich gern, falls noch etwas ist.',
    followUp: 'Könnten Sie uns einen Screenshot und Ihre Bestellnummer schicken?',
    details: 'Hier ist er, mit der Bestellnummer.',
    reopen: 'Leider funktioniert es immer noch nicht.',
  },
  fr: {
    opener: "Bonjour, pouvez-vous m'aider avec ceci ? Merci.",
    reply: "Merci de votre patience : c'est réglé. N'hésitez pas à nous écrire si besoin.",
    followUp: "Pouvez-vous nous envoyer une capture d'écran et votre numéro de commande ?",
    details: 'La voici, avec le numéro de commande.',
    reopen: 'Désolé, cela ne fonctionne toujours pas.',
  },
  es: {
    opener: 'Hola, ¿me podéis ayudar con esto? Gracias.',
    reply: 'Gracias por tu paciencia: ya está resuelto. Avísanos si necesitas algo más.',
    followUp: '¿Nos puedes enviar una captura de pantalla y tu número de pedido?',
    details: 'Aquí está, con el número de pedido.',
    reopen: 'Lo siento, sigue sin funcionar.',
  },
  'pt-BR': {
    opener: 'Olá, vocês podem me ajudar com isso? Obrigado.',
    reply: 'Obrigado pela paciência: já está resolvido. Se precisar de algo mais, é só avisar.',
    followUp: 'Você pode nos enviar uma captura de tela e o número do pedido?',
    details: 'Aqui está, com o número do pedido.',
    reopen: 'Desculpe, ainda não está funcionando.',
  },
  ro: {
    opener: 'Bună, mă puteți ajuta cu asta? Mulțumesc.',
    reply: 'Mulțumim pentru răbdare: problema este rezolvată. Scrieți-ne dacă mai apare ceva.',
    followUp: 'Ne puteți trimite o captură de ecran și numărul comenzii?',
    details: 'Iată, împreună cu numărul comenzii.',
    reopen: 'Îmi pare rău, tot nu funcționează.',
  },
};
