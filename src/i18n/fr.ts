import { adminFr } from './admin-fr.js';
import type { Messages } from './en.js';

/** Textes français : mêmes clés que `en.ts`. */
export const fr: Messages = {
  lang: 'fr',
  locale: 'fr-FR',
  languageName: 'Français',
  otherLanguage: { code: 'en', label: 'English' },
  site: {
    name: 'Demande de collaboration',
    skipToContent: 'Aller au contenu principal',
    languageSwitch: 'Langue',
  },
  apply: {
    title: 'Travailler avec nous',
    intro:
      'Avant tout appel, nous posons les mêmes questions à chaque futur client. Cela prend une dizaine de minutes et nous dit si nous sommes la bonne agence pour vous. Chaque réponse compte : il n’y a pas de mauvaise réponse.',
    optional: '(facultatif)',
    submit: 'Envoyer ma demande',
    honeypotLabel: 'Laissez ce champ vide',
    sections: {
      about_you: 'Vous',
      marketing: 'Votre marketing jusqu’ici',
      business: 'Votre entreprise',
      working_together: 'Travailler ensemble',
    },
    expired: 'Votre formulaire avait expiré. Vérifiez vos réponses et envoyez-les à nouveau.',
    unavailable:
      'Nous n’avons pas pu enregistrer votre demande pour le moment. Vos réponses sont toujours là : réessayez dans une minute.',
    tooMany: 'Trop de demandes ont été envoyées depuis votre connexion. Patientez quelques minutes puis réessayez.',
  },
  fields: {
    name: { label: 'Votre nom', hint: '' },
    email: { label: 'Adresse e-mail', hint: 'Nous ne l’utiliserons que pour répondre à votre demande.' },
    company: { label: 'Nom de l’entreprise', hint: '' },
    website: { label: 'Site web', hint: 'Par exemple, www.exemple.fr' },
    role: {
      label: 'Quel est votre rôle ?',
      hint: '',
      options: {
        owner: 'Propriétaire ou fondateur',
        executive: 'Dirigeant (PDG, directeur)',
        marketing_manager: 'Responsable marketing',
        employee: 'Salarié',
        other: 'Autre',
      },
    },
    decision_maker: {
      label: 'Décidez-vous du choix d’une agence ?',
      hint: '',
      options: { yes: 'Oui, je décide', shared: 'Je décide avec d’autres', no: 'Non, quelqu’un d’autre décide' },
    },
    used_seo_before: {
      label: 'Avez-vous déjà utilisé le SEO ?',
      hint: '',
      options: { yes: 'Oui', no: 'Non' },
    },
    previous_agencies: {
      label: 'Avec combien d’agences ou de freelances avez-vous travaillé ces 3 dernières années ?',
      hint: '',
      options: { '0': 'Aucune', '1': 'Une', '2': 'Deux', '3_plus': 'Trois ou plus' },
    },
    seo_history: {
      label: 'Qu’est-ce qui a fonctionné, et pourquoi cela s’est-il arrêté ?',
      hint: 'Quelques lignes sur votre travail SEO passé, s’il y en a eu.',
    },
    ideal_customer: {
      label: 'Qui est votre client idéal ?',
      hint: 'Qui il est, où il se trouve, combien vous en voulez. Au moins 20 caractères.',
    },
    customer_ltv: {
      label: 'Combien vous rapporte un client dans la durée ?',
      hint: 'Sa valeur à vie (LTV), en {currency}, en nombre entier. Une estimation suffit.',
    },
    monthly_budget: {
      label: 'Quel budget mensuel avez-vous pour le SEO ?',
      hint: 'En {currency}, en nombre entier.',
    },
    goals: {
      label: 'Que voulez-vous atteindre ?',
      hint: 'Vos objectifs, avec des chiffres et des dates si vous en avez. Au moins 20 caractères.',
    },
    start_timeline: {
      label: 'Quand souhaitez-vous commencer ?',
      hint: '',
      options: {
        now: 'Maintenant',
        within_3_months: 'D’ici 3 mois',
        later: 'Plus tard',
        researching: 'Je me renseigne seulement',
      },
    },
    results_horizon: {
      label: 'Quand attendez-vous des résultats ?',
      hint: '',
      options: {
        weeks: 'En quelques semaines',
        three_months: 'Dans environ 3 mois',
        six_months: 'Dans environ 6 mois',
        twelve_months_plus: 'Dans 12 mois ou plus',
      },
    },
    update_frequency: {
      label: 'À quelle fréquence voulez-vous un point d’avancement ?',
      hint: '',
      options: {
        daily: 'Chaque jour',
        weekly: 'Chaque semaine',
        monthly: 'Chaque mois',
        quarterly: 'Chaque trimestre',
      },
    },
    contact_preference: {
      label: 'Comment souhaitez-vous rester en contact ?',
      hint: '',
      options: {
        email: 'Par e-mail',
        scheduled_calls: 'Par des appels planifiés',
        anytime: 'N’importe quand, soirs et week-ends compris',
      },
    },
    payment_terms: {
      label: 'Quelles conditions de paiement vous conviennent ?',
      hint: '',
      options: {
        upfront: 'Paiement d’avance',
        on_invoice: 'À réception de facture (sous 30 jours)',
        net_60_plus: '60 jours ou plus après facture',
        after_results: 'Seulement une fois les résultats obtenus',
      },
    },
    scope_changes: {
      label: 'Quand un nouveau besoin apparaît en cours de projet…',
      hint: '',
      options: {
        change_request: 'Le nouveau travail fait l’objet d’un nouveau devis',
        included: 'Les extras sont compris dans le prix convenu',
      },
    },
    recommendations: {
      label: 'Quand nous faisons une recommandation…',
      hint: '',
      options: {
        follow: 'Je la suis',
        discuss: 'Nous en discutons, puis décidons ensemble',
        i_decide: 'Je décide, vous exécutez',
      },
    },
    anything_else: { label: 'Autre chose que nous devrions savoir ?', hint: '' },
  },
  errors: {
    title: 'Il y a un problème',
    prefix: 'Erreur :',
    generic: {
      too_long: '« {label} » doit contenir au plus {limit} caractères',
      too_short: '« {label} » doit contenir au moins {limit} caractères',
      too_large: '« {label} » doit être inférieur ou égal à {limit}',
      repeated: 'Répondez une seule fois à « {label} »',
      control_chars: 'Retirez les caractères spéciaux de « {label} »',
      invalid: 'Vérifiez votre réponse à « {label} »',
      required: 'Répondez à « {label} »',
    },
    fields: {
      name: { required: 'Saisissez votre nom', too_long: 'Votre nom doit contenir au plus 120 caractères' },
      email: {
        required: 'Saisissez votre adresse e-mail',
        invalid: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr',
        too_long: 'Votre adresse e-mail doit contenir au plus 254 caractères',
      },
      company: {
        required: 'Saisissez le nom de votre entreprise',
        too_long: 'Le nom de l’entreprise doit contenir au plus 160 caractères',
      },
      website: {
        invalid: 'Saisissez une adresse de site valide, par exemple www.exemple.fr',
        too_long: 'L’adresse du site doit contenir au plus 300 caractères',
      },
      role: { required: 'Sélectionnez votre rôle' },
      decision_maker: { required: 'Indiquez qui décide du choix d’une agence' },
      used_seo_before: { required: 'Indiquez si vous avez déjà utilisé le SEO' },
      previous_agencies: { required: 'Indiquez avec combien d’agences vous avez travaillé' },
      seo_history: { too_long: 'Votre historique SEO doit contenir au plus 2 000 caractères' },
      ideal_customer: {
        required: 'Décrivez votre client idéal',
        too_short: 'Décrivez votre client idéal en au moins 20 caractères',
        too_long: 'La description de votre client idéal doit contenir au plus 2 000 caractères',
      },
      customer_ltv: {
        required: 'Saisissez ce que vous rapporte un client dans la durée',
        invalid: 'Saisissez la valeur à vie en nombre entier, par exemple 10000',
        too_large: 'Saisissez une valeur à vie inférieure ou égale à 100 000 000',
      },
      monthly_budget: {
        required: 'Saisissez votre budget mensuel',
        invalid: 'Saisissez votre budget mensuel en nombre entier, par exemple 3000',
        too_large: 'Saisissez un budget mensuel inférieur ou égal à 100 000 000',
      },
      goals: {
        required: 'Décrivez ce que vous voulez atteindre',
        too_short: 'Décrivez vos objectifs en au moins 20 caractères',
        too_long: 'Vos objectifs doivent contenir au plus 2 000 caractères',
      },
      start_timeline: { required: 'Indiquez quand vous souhaitez commencer' },
      results_horizon: { required: 'Indiquez quand vous attendez des résultats' },
      update_frequency: { required: 'Indiquez à quelle fréquence vous voulez un point d’avancement' },
      contact_preference: { required: 'Indiquez comment vous souhaitez rester en contact' },
      payment_terms: { required: 'Sélectionnez les conditions de paiement qui vous conviennent' },
      scope_changes: { required: 'Indiquez comment traiter un nouveau besoin' },
      recommendations: { required: 'Indiquez ce que vous faites de nos recommandations' },
      anything_else: { too_long: 'Votre message doit contenir au plus 2 000 caractères' },
    },
  },
  thanks: {
    title: 'Merci, votre demande a bien été envoyée',
    body: 'Nous lisons chaque demande nous-mêmes et vous répondrons par e-mail à {email}.',
    nextSteps: 'La suite',
    nextStepsBody:
      'Nous comparons vos réponses à notre façon de travailler et revenons vers vous sous quelques jours ouvrés.',
    bookTitle: 'Réservez votre appel de découverte',
    bookBody: 'Votre projet semble bien nous correspondre. Choisissez un créneau pour un premier appel.',
    bookButton: 'Choisir un créneau pour l’appel',
  },
  landing: {
    title: 'Travailler avec nous',
    body: 'Parlez-nous de votre entreprise et de vos objectifs : nous répondons à chaque demande.',
    start: 'Commencer ma demande',
  },
  pages: {
    notFoundTitle: 'Page introuvable',
    notFoundBody:
      'Si vous avez saisi l’adresse, vérifiez qu’elle est correcte. Si vous l’avez collée, vérifiez que vous avez copié l’adresse entière.',
    errorTitle: 'Désolé, le service rencontre un problème',
    errorBody:
      'Réessayez plus tard. Si vous envoyiez une demande, revenez en arrière : vos réponses sont toujours dans le formulaire.',
    unavailableTitle: 'Désolé, le service est indisponible',
    unavailableBody: 'Réessayez dans quelques minutes.',
    forbiddenTitle: 'Ce formulaire a expiré',
    forbiddenBody: 'Revenez en arrière, rechargez la page et réessayez.',
    tooLargeTitle: 'Votre envoi est trop volumineux',
    tooLargeBody: 'Revenez en arrière, raccourcissez vos réponses et réessayez.',
    unsupportedTitle: 'Ce type de requête n’est pas pris en charge',
    unsupportedBody: 'Envoyez le formulaire depuis sa page.',
    badRequestTitle: 'Une partie de la requête n’a pas été comprise',
    badRequestBody: 'Revenez en arrière et réessayez.',
    tooManyTitle: 'Trop de requêtes',
    tooManyBody: 'Patientez quelques minutes puis réessayez.',
    backToForm: 'Aller au formulaire de demande',
  },
  emails: {
    footer: 'Envoyé par le bureau de sélection de votre agence.',
    ownerQualified: {
      subject: 'Prospect qualifié : {name} ({company}), score {score}',
      intro: '{name} de {company} a envoyé une demande qualifiée.',
      budget: 'Budget mensuel',
      score: 'Score',
      flags: 'Signaux d’alerte',
      noFlags: 'Aucun',
      email: 'E-mail',
      website: 'Site web',
      goals: 'Objectifs',
      open: 'Ouvrir la demande',
    },
    ack: {
      subject: 'Nous avons bien reçu votre demande',
      greeting: 'Bonjour {name},',
      body: 'Merci de nous avoir présenté {company}. Nous lisons chaque demande nous-mêmes et vous répondrons sous quelques jours ouvrés.',
      bookIntro: 'Votre projet semble bien nous correspondre : vous pouvez déjà choisir un créneau pour un premier appel.',
      bookButton: 'Réserver l’appel de découverte',
      signoff: 'Bien cordialement,',
    },
    decline: {
      subject: 'Votre demande',
      body: 'Bonjour {name},\n\nMerci pour le temps que vous avez pris pour nous présenter {company} et vos objectifs.\n\nNous avons lu vos réponses avec attention, et nous ne pensons pas être la bonne agence pour ce projet : notre façon de travailler ne vous servirait pas aussi bien que vous le méritez.\n\nNous vous souhaitons une belle réussite et espérons que vous trouverez le partenaire qui vous convient le mieux. Si cela peut vous aider, répondez à cet e-mail : nous vous recommanderons volontiers quelqu’un.\n\nBien cordialement,',
    },
    digest: {
      subject: '{count} candidats à examiner',
      intro: 'Ces candidats sont arrivés depuis le dernier récapitulatif et attendent votre examen :',
      open: 'Ouvrir la liste des candidats à examiner',
    },
  },
  admin: adminFr,
};
