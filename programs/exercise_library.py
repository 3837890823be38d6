"""The exercises the library starts with: plain written instructions, cautious, no media yet.

Pure data, read by the data migration that seeds the library (and safe to re-run: entries are
matched by slug). Wording is general advice for patients whose care team has prescribed a
program; it is not a substitute for that team's instructions.
"""

# Said in every entry, in its own words: the red flags that end any session.
STOP_NOW = ("Stop at once and get help if you have chest pain or tightness, unusual "
            "breathlessness, dizziness or faintness.")

EXERCISES = (
    {
        "slug": "treadmill-interval-walking",
        "name": "Treadmill interval walking",
        "cause": "vascular",
        "dose": "3 sessions a week, 30-45 minutes of walking and rest in total, building up to "
                "60 minutes over the 12 weeks.",
        "instructions": (
            "1. Warm up with 5 minutes of easy walking.\n"
            "2. Set a speed and slope at which leg pain starts within 3 to 5 minutes.\n"
            "3. Keep walking until the pain is moderate (3 to 4 on the 5-point claudication "
            "scale). Walking into some pain is part of the treatment.\n"
            "4. Stop, stand or sit, and rest until the pain has gone.\n"
            "5. Start again and repeat walk-and-rest until the session time is reached.\n"
            "6. When you can walk 8 to 10 minutes before moderate pain, raise the slope or the "
            "speed a little.\n"
            "Hold the handrail only for balance. " + STOP_NOW
        ),
    },
    {
        "slug": "track-walking",
        "name": "Track or corridor walking",
        "cause": "vascular",
        "dose": "3 times a week, 30-45 minutes of walking and rest in total, building up to 60 "
                "minutes.",
        "instructions": (
            "1. Choose a flat, safe route: a track, a park path or a long corridor, with "
            "somewhere to sit.\n"
            "2. Walk at a pace that brings leg pain on within a few minutes.\n"
            "3. Carry on until the pain is moderate (3 to 4 of 5), then stop and rest until it "
            "has gone.\n"
            "4. Repeat walk-and-rest for the session time.\n"
            "5. Wear comfortable, supportive shoes and check your feet for sores afterwards, "
            "especially if you have diabetes.\n" + STOP_NOW
        ),
    },
    {
        "slug": "knee-to-chest",
        "name": "Knee-to-chest stretch",
        "cause": "neurogenic",
        "dose": "3 times 30 seconds, every day.",
        "instructions": (
            "1. Lie on your back on a firm bed or the floor, knees bent, feet flat.\n"
            "2. Hold behind one thigh and gently draw that knee towards your chest until you "
            "feel a comfortable stretch in the low back. Hold for 30 seconds, breathing "
            "normally.\n"
            "3. Lower it and repeat with the other leg, then with both knees together if that "
            "is comfortable.\n"
            "4. Move slowly; do not bounce.\n"
            "Bending forward usually eases spinal stenosis symptoms. Stop if pain, tingling or "
            "numbness spreads further down the leg, and tell your care team. " + STOP_NOW
        ),
    },
    {
        "slug": "seated-forward-bend",
        "name": "Seated forward bend",
        "cause": "neurogenic",
        "dose": "3 times 30 seconds, every day.",
        "instructions": (
            "1. Sit on a sturdy chair without wheels, feet flat and apart.\n"
            "2. Slowly bend forward from the hips, sliding your hands down your shins, and let "
            "your head and back relax. Go only as far as is comfortable.\n"
            "3. Hold for 30 seconds, breathing normally, then slowly sit up using your hands on "
            "your thighs.\n"
            "4. Sit for a moment before you stand, in case you feel light-headed.\n"
            "Stop if the pain spreads down the leg or numbness increases. " + STOP_NOW
        ),
    },
    {
        "slug": "posterior-pelvic-tilt",
        "name": "Posterior pelvic tilt",
        "cause": "neurogenic",
        "dose": "10 times, holding 5-10 seconds each, every day.",
        "instructions": (
            "1. Lie on your back, knees bent, feet flat.\n"
            "2. Tighten your tummy and buttock muscles so that the small of your back presses "
            "gently into the floor and your pelvis tilts up a little.\n"
            "3. Hold for 5 to 10 seconds while breathing normally, then relax.\n"
            "4. Once easy lying down, you can do it standing with your back against a wall.\n"
            "The movement is small. Stop if it causes pain. " + STOP_NOW
        ),
    },
    {
        "slug": "bridging",
        "name": "Bridging",
        "cause": "neurogenic",
        "dose": "2 sets of 10, holding 5 seconds each, 3-5 days a week.",
        "instructions": (
            "1. Lie on your back, knees bent, feet flat and hip-width apart, arms by your sides.\n"
            "2. Tighten your tummy, then squeeze your buttocks and lift your hips until your "
            "body is in a straight line from shoulders to knees. Do not arch your back.\n"
            "3. Hold for 5 seconds, then lower slowly.\n"
            "4. Rest a minute between sets.\n"
            "Lift only as high as is comfortable. Stop if it brings on back or leg pain. "
            + STOP_NOW
        ),
    },
    {
        "slug": "bird-dog",
        "name": "Bird-dog",
        "cause": "neurogenic",
        "dose": "10 on each side, holding 5 seconds each, 3-5 days a week.",
        "instructions": (
            "1. Kneel on all fours, hands under shoulders, knees under hips, back flat. Put a "
            "cushion under your knees if they are sore.\n"
            "2. Tighten your tummy. Slowly reach one arm forward and the opposite leg back, "
            "keeping your back flat and your hips level.\n"
            "3. Hold for 5 seconds, return, and change sides.\n"
            "4. If this is too hard, lift only an arm or only a leg at first.\n"
            "Skip it if you cannot kneel safely or get up from the floor without help. "
            + STOP_NOW
        ),
    },
    {
        "slug": "stationary-cycling",
        "name": "Stationary cycling",
        "cause": "both",
        "dose": "20 minutes, 3 times a week, at a pace at which you can still talk.",
        "instructions": (
            "1. Use an exercise bike; a recumbent (reclined) bike is easier to get on and off.\n"
            "2. Set the seat so your knee is slightly bent at the bottom of each pedal stroke.\n"
            "3. Start with 5 minutes of easy pedalling, then keep a steady pace at which you "
            "could still talk in short sentences.\n"
            "4. With spinal stenosis, leaning forward on the handlebars usually lets you ride "
            "longer. With artery disease, cycling adds to walking but does not replace it.\n"
            "5. Finish with 5 minutes of easy pedalling.\n" + STOP_NOW
        ),
    },
    {
        "slug": "calf-raises",
        "name": "Calf raises",
        "cause": "vascular",
        "dose": "2-3 sets of 10-15, most days.",
        "instructions": (
            "1. Stand facing a worktop or the back of a sturdy chair and hold on with both "
            "hands.\n"
            "2. Rise slowly onto your toes, as high as is comfortable.\n"
            "3. Lower your heels slowly back to the floor.\n"
            "4. Rest a minute between sets. Calf ache is expected; rest until it eases.\n"
            "Keep holding on throughout. " + STOP_NOW
        ),
    },
    {
        "slug": "hip-flexor-stretch",
        "name": "Hip flexor stretch",
        "cause": "neurogenic",
        "dose": "3 times 30 seconds on each side, every day.",
        "instructions": (
            "1. Kneel on one knee on a cushion, the other foot flat in front, and hold a chair "
            "for balance.\n"
            "2. Tuck your pelvis under (as in the pelvic tilt) and shift your weight gently "
            "forward until you feel a stretch at the front of the back leg's hip.\n"
            "3. Keep your back upright; do not let it arch, which can bring on stenosis "
            "symptoms.\n"
            "4. Hold for 30 seconds, then change sides.\n"
            "If kneeling is hard, do it standing in a short lunge holding a worktop. " + STOP_NOW
        ),
    },
)
