/**
 * English texts. `fr.ts` must have exactly the same keys (the type checker
 * and test/i18n enforce it). `{name}` placeholders are filled by `format`.
 */
import { adminEn } from './admin-en.js';

export const en = {
  lang: 'en',
  locale: 'en-GB',
  languageName: 'English',
  otherLanguage: { code: 'fr', label: 'Français' },
  site: {
    name: 'Discovery application',
    skipToContent: 'Skip to main content',
    languageSwitch: 'Language',
  },
  apply: {
    title: 'Apply to work with us',
    intro:
      'Before any call we ask every prospective client the same questions. It takes about ten minutes and tells us whether we are the right agency for you. Every question helps: there are no wrong answers.',
    optional: '(optional)',
    submit: 'Send my application',
    honeypotLabel: 'Leave this field empty',
    sections: {
      about_you: 'About you',
      marketing: 'Your marketing so far',
      business: 'Your business',
      working_together: 'Working together',
    },
    expired: 'Your form had expired. Check your answers and send them again.',
    unavailable:
      'We could not save your application just now. Your answers are still here: please try again in a minute.',
    tooMany: 'Too many applications were sent from your connection. Please wait a few minutes and try again.',
  },
  fields: {
    name: { label: 'Your name', hint: '' },
    email: { label: 'Email address', hint: 'We will only use it to reply to your application.' },
    company: { label: 'Company name', hint: '' },
    website: { label: 'Website', hint: 'For example, www.example.com' },
    role: {
      label: 'What is your role?',
      hint: '',
      options: {
        owner: 'Owner or founder',
        executive: 'Executive (CEO, director)',
        marketing_manager: 'Marketing manager',
        employee: 'Employee',
        other: 'Other',
      },
    },
    decision_maker: {
      label: 'Do you decide on hiring an agency?',
      hint: '',
      options: { yes: 'Yes, I decide', shared: 'I decide with others', no: 'No, someone else decides' },
    },
    used_seo_before: {
      label: 'Have you worked on SEO before?',
      hint: '',
      options: { yes: 'Yes', no: 'No' },
    },
    previous_agencies: {
      label: 'How many agencies or freelancers have you worked with in the last 3 years?',
      hint: '',
      options: { '0': 'None', '1': 'One', '2': 'Two', '3_plus': 'Three or more' },
    },
    seo_history: {
      label: 'What worked, and why did it end?',
      hint: 'A few lines about your past SEO work, if any.',
    },
    ideal_customer: {
      label: 'Who is your ideal customer?',
      hint: 'Who they are, where they are, how many you want. At least 20 characters.',
    },
    customer_ltv: {
      label: 'What is a customer worth to you over time?',
      hint: 'Their lifetime value, in {currency}, as a whole number. An estimate is fine.',
    },
    monthly_budget: {
      label: 'What monthly budget do you have for SEO?',
      hint: 'In {currency}, as a whole number.',
    },
    goals: {
      label: 'What do you want to achieve?',
      hint: 'Your goals, with numbers and dates if you have them. At least 20 characters.',
    },
    start_timeline: {
      label: 'When would you like to start?',
      hint: '',
      options: {
        now: 'Now',
        within_3_months: 'Within 3 months',
        later: 'Later',
        researching: 'I am only researching',
      },
    },
    results_horizon: {
      label: 'When do you expect to see results?',
      hint: '',
      options: {
        weeks: 'Within weeks',
        three_months: 'In about 3 months',
        six_months: 'In about 6 months',
        twelve_months_plus: 'In 12 months or more',
      },
    },
    update_frequency: {
      label: 'How often would you like progress updates?',
      hint: '',
      options: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', quarterly: 'Quarterly' },
    },
    contact_preference: {
      label: 'How would you like to stay in touch?',
      hint: '',
      options: {
        email: 'By email',
        scheduled_calls: 'Scheduled calls',
        anytime: 'Any time, evenings and weekends included',
      },
    },
    payment_terms: {
      label: 'Which payment terms suit you?',
      hint: '',
      options: {
        upfront: 'Payment in advance',
        on_invoice: 'On invoice (within 30 days)',
        net_60_plus: '60 days or more after invoice',
        after_results: 'Only once results arrive',
      },
    },
    scope_changes: {
      label: 'When new work comes up during the project…',
      hint: '',
      options: {
        change_request: 'New work gets a new quote',
        included: 'Extras come in the agreed price',
      },
    },
    recommendations: {
      label: 'When we make a recommendation…',
      hint: '',
      options: {
        follow: 'I follow it',
        discuss: 'We discuss it, then decide together',
        i_decide: 'I decide, you execute',
      },
    },
    anything_else: { label: 'Anything else we should know?', hint: '' },
  },
  errors: {
    title: 'There is a problem',
    prefix: 'Error:',
    generic: {
      too_long: '{label} must be {limit} characters or fewer',
      too_short: '{label} must be at least {limit} characters',
      too_large: '{label} must be {limit} or less',
      repeated: 'Answer “{label}” only once',
      control_chars: 'Remove the special characters from “{label}”',
      invalid: 'Check your answer to “{label}”',
      required: 'Answer “{label}”',
    },
    fields: {
      name: { required: 'Enter your name', too_long: 'Your name must be 120 characters or fewer' },
      email: {
        required: 'Enter your email address',
        invalid: 'Enter an email address in the correct format, like name@example.com',
        too_long: 'Your email address must be 254 characters or fewer',
      },
      company: { required: 'Enter your company name', too_long: 'Company name must be 160 characters or fewer' },
      website: {
        invalid: 'Enter a website address in the correct format, like www.example.com',
        too_long: 'The website address must be 300 characters or fewer',
      },
      role: { required: 'Select your role' },
      decision_maker: { required: 'Select who decides on hiring an agency' },
      used_seo_before: { required: 'Select whether you have worked on SEO before' },
      previous_agencies: { required: 'Select how many agencies you have worked with' },
      seo_history: { too_long: 'Your SEO history must be 2,000 characters or fewer' },
      ideal_customer: {
        required: 'Describe your ideal customer',
        too_short: 'Describe your ideal customer in at least 20 characters',
        too_long: 'Your ideal customer must be described in 2,000 characters or fewer',
      },
      customer_ltv: {
        required: 'Enter what a customer is worth to you over time',
        invalid: 'Enter the lifetime value as a whole number, like 10000',
        too_large: 'Enter a lifetime value of 100,000,000 or less',
      },
      monthly_budget: {
        required: 'Enter your monthly budget',
        invalid: 'Enter your monthly budget as a whole number, like 3000',
        too_large: 'Enter a monthly budget of 100,000,000 or less',
      },
      goals: {
        required: 'Describe what you want to achieve',
        too_short: 'Describe your goals in at least 20 characters',
        too_long: 'Your goals must be 2,000 characters or fewer',
      },
      start_timeline: { required: 'Select when you would like to start' },
      results_horizon: { required: 'Select when you expect to see results' },
      update_frequency: { required: 'Select how often you want updates' },
      contact_preference: { required: 'Select how you would like to stay in touch' },
      payment_terms: { required: 'Select the payment terms that suit you' },
      scope_changes: { required: 'Select how new work should be handled' },
      recommendations: { required: 'Select what happens with our recommendations' },
      anything_else: { too_long: 'Your message must be 2,000 characters or fewer' },
    },
  },
  thanks: {
    title: 'Thank you, your application has been sent',
    body: 'We read every application ourselves and will reply by email to {email}.',
    nextSteps: 'What happens next',
    nextStepsBody: 'We compare your answers with the way we work and come back to you within a few working days.',
    bookTitle: 'Book your discovery call',
    bookBody: 'Your project looks like a good fit. Pick a time that suits you for a first call.',
    bookButton: 'Choose a time for the call',
  },
  landing: {
    title: 'Work with us',
    body: 'Tell us about your business and your goals: we reply to every application.',
    start: 'Start your application',
  },
  pages: {
    notFoundTitle: 'Page not found',
    notFoundBody: 'If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.',
    errorTitle: 'Sorry, there is a problem with the service',
    errorBody: 'Please try again later. If you were sending an application, go back: your answers are still in the form.',
    unavailableTitle: 'Sorry, the service is unavailable',
    unavailableBody: 'Please try again in a few minutes.',
    forbiddenTitle: 'This form has expired',
    forbiddenBody: 'Go back, reload the page and try again.',
    tooLargeTitle: 'What you sent is too large',
    tooLargeBody: 'Go back and shorten your answers, then try again.',
    unsupportedTitle: 'This kind of request is not supported',
    unsupportedBody: 'Send the form from its page.',
    badRequestTitle: 'Something in the request was not understood',
    badRequestBody: 'Go back and try again.',
    tooManyTitle: 'Too many requests',
    tooManyBody: 'Please wait a few minutes and try again.',
    backToForm: 'Go to the application form',
  },
  emails: {
    footer: 'Sent by the screening desk of your agency.',
    ownerQualified: {
      subject: 'Qualified lead: {name} ({company}), score {score}',
      intro: '{name} from {company} has applied and qualified.',
      budget: 'Monthly budget',
      score: 'Score',
      flags: 'Red flags',
      noFlags: 'None',
      email: 'Email',
      website: 'Website',
      goals: 'Goals',
      open: 'Open the application',
    },
    ack: {
      subject: 'We have received your application',
      greeting: 'Hello {name},',
      body: 'Thank you for telling us about {company}. We read every application ourselves and will reply within a few working days.',
      bookIntro: 'Your project looks like a good fit: you can already choose a time for a first call.',
      bookButton: 'Book the discovery call',
      signoff: 'Kind regards,',
    },
    decline: {
      subject: 'Your application',
      body: 'Hello {name},\n\nThank you for the time you took to tell us about {company} and your goals.\n\nWe read your answers carefully, and we do not think we are the right agency for this project: the way we work would not serve you as well as you deserve.\n\nWe wish you every success, and we hope you find the partner who suits you best. If it helps, reply to this email and we will gladly suggest someone.\n\nKind regards,',
    },
    digest: {
      subject: '{count} applicants to review',
      intro: 'These applicants arrived since the last digest and are waiting for your review:',
      open: 'Open the list of applicants to review',
    },
  },
  admin: adminEn,
};

/** The shape every language must fill in: same keys, strings as values. */
export type Messages = Widen<typeof en>;
type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };
