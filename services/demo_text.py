"""The words `services.demo` builds generated articles, topics and notes from.

Plain-language fragments in the voice of the real summaries, combined at random: a title
names a treatment, what it changed and for whom; each section is one of a few variants per
kind of study. Nothing here describes a real study.
"""

# (name, condition group) of the topics, as staff would group them on the topics page.
TOPICS = (
    ("Brain iron", "ms"),
    ("Gut microbiome", "ms"),
    ("Epstein-Barr virus", "ms"),
    ("Remyelination and repair", "ms"),
    ("Fatigue", "ms"),
    ("Progressive MS", "ms"),
    ("MRI and lesions", "ms"),
    ("Vitamin D", "ms"),
    ("Diet and nutrition", "ms"),
    ("Exercise and movement", "ms"),
    ("Thinking and memory", "ms"),
    ("Bladder and bowel", "ms"),
    ("Pain and spasticity", "ms"),
    ("Mood and wellbeing", "ms"),
    ("Natalizumab and PML", "ms"),
    ("Aquaporin-4 antibodies", "nmosd"),
    ("NMOSD attacks", "nmosd"),
    ("Complement inhibitors", "nmosd"),
    ("IL-6 blockers", "nmosd"),
    ("NMOSD in pregnancy", "nmosd"),
    ("Optic neuritis in NMOSD", "nmosd"),
    ("Spinal cord inflammation", "nmosd"),
    ("NMOSD diagnosis", "nmosd"),
    ("MOG antibodies", "mogad"),
    ("MOGAD in children", "mogad"),
    ("MOGAD relapses", "mogad"),
    ("Steroids after a MOGAD attack", "mogad"),
    ("ADEM", "mogad"),
    ("MOGAD diagnosis", "mogad"),
    ("B cells and B-cell therapies", "shared"),
    ("Pregnancy and family planning", "shared"),
    ("Eye scans and OCT", "shared"),
    ("Vaccines and infections", "shared"),
    ("Clinical trials explained", "shared"),
    ("Living with a rare condition", "shared"),
    ("Caregiving", "shared"),
    ("Blood tests and biomarkers", "shared"),
    ("Stem cell treatment", "shared"),
    ("Ageing with a neurological condition", "shared"),
    ("Work and daily life", "shared"),
    ("Rehabilitation", "shared"),
    ("Sleep", "shared"),
    ("Autoimmune encephalitis", "shared"),
    ("Plasma exchange", "shared"),
    ("Telehealth and care at home", "shared"),
)

TREATMENTS = (
    "Ocrelizumab", "Ofatumumab", "Rituximab", "Natalizumab", "Inebilizumab", "Eculizumab",
    "Ravulizumab", "Satralizumab", "Cladribine", "Siponimod", "Clemastine", "High-dose vitamin D",
    "A Mediterranean-style diet", "Aerobic exercise", "Online talking therapy", "Plasma exchange",
    "Intravenous immunoglobulin", "A longer course of steroids", "Balance training",
    "A sleep program", "Cooling vests", "A fatigue management course",
)  # fmt: skip
CHANGES = (
    "lowered the risk of relapses", "slowed disability", "eased fatigue",
    "improved walking speed", "reduced new lesions on MRI", "helped thinking and memory",
    "made no clear difference to relapses", "protected the nerve layer at the back of the eye",
    "lowered the risk of attacks", "improved quality of life", "shortened recovery after attacks",
)  # fmt: skip
GROUPS = (
    "in people with relapsing MS", "in people with progressive MS", "in adults with NMOSD",
    "in children with MOGAD", "in adults with MOGAD", "after a first MS-like episode",
    "in women planning a pregnancy", "in older adults with MS", "in a large registry study",
)  # fmt: skip
# A treatment name only RARE_TITLES titles use, spread over the library's age, whatever its
# size (so its search shows the same page at every size), and a word most sections use: the
# rare and the common search of the benchmarks (bench/pages.py).
RARE_WORD = "ublituximab"
RARE_TITLES = 12
COMMON_WORD = "relapses"

FOUND = (
    "This study followed {n} people for {years} years. Researchers compared those who had"
    " {treatment} with those who did not.\n\nOver that time, {change}. The difference was"
    " small but steady, and fewer people had relapses.",
    "In this trial, {n} people were picked at random to have {treatment} or a placebo."
    " Neither they nor their doctors knew which.\n\nAfter {years} years, the group on the"
    " treatment did better: it {change}. Relapses were counted at every visit.",
    "Researchers looked back at the health records of {n} people seen at specialist"
    " centers.\n\nPeople who had {treatment} more often did well. The study suggests it"
    " {change}, but cannot prove it, and relapses were not always recorded.",
    "This review pooled the results of {years} earlier trials with {n} people in"
    " total.\n\nTaken together, the trials suggest that {treatment} {change}. Fewer relapses"
    " were seen, though the trials differed in who took part.",
)
FOR_PATIENTS = (
    "If you are thinking about {treatment}, this study adds to what is known. Talk with your"
    " care team about whether it fits your own situation.",
    "This result may sound hopeful, but one study rarely changes care on its own. Ask your"
    " neurologist what it means for you before changing anything.",
    "Many people live well for years with the right support. This study is one more piece"
    " of that picture, not a reason to stop a treatment that works for you.",
)
FOR_CAREGIVERS = (
    "You may be asked about new treatments. It can help to write questions down before the"
    " next appointment and bring this summary along.",
    "Looking after someone takes energy too. Changes like the ones in this study often take"
    " months to show, so small steps count.",
    "Relapses can be frightening to watch. Knowing what the research says can make the"
    " next conversation with the care team calmer.",
)
FOR_CLINICIANS = (
    "A {study} of {n} participants; the primary outcome favored {treatment} with a modest"
    " effect size. Confidence intervals were wide for secondary outcomes.",
    "Adherence was high and loss to follow-up low. Results are most applicable to patients"
    " similar to the cohort; relapses were adjudicated blind.",
    "Effect estimates were adjusted for age, sex and disease duration. Residual confounding"
    " cannot be excluded in a {study}.",
)
LIMITATIONS = (
    "The study was fairly small, and most people who took part were white adults from"
    " Europe. The results may not apply to everyone.",
    "People knew which treatment they had, which can change how they report symptoms such"
    " as fatigue.",
    "The follow-up was short. Some effects of treatment take years to show, and rare side"
    " effects may not appear in a study this size.",
)
QUESTIONS = (
    "Would this treatment suit me?",
    "What are the side effects I should watch for?",
    "How would we know if it is working?",
    "Are there trials near me I could join?",
    "Should my blood tests or scans change because of this?",
    "What would change in my daily routine?",
)
JOURNALS = (
    "Neurology", "Multiple Sclerosis Journal", "JAMA Neurology", "Lancet Neurology",
    "Brain", "Annals of Neurology", "Journal of Neuroinflammation",
)  # fmt: skip
NOTES = (
    "Ask about this at the next clinic visit.",
    "Share with my sister.",
    "Interesting, but a small study.",
    "Compare with what the nurse said about fatigue.",
)
