"""The "I feel" checker in Spanish: the same method and the same safety rule as in English.

Every message is recognised by a few distinctive words, as in tests/test_feedback.py. People type
without accents, in capitals, with or without ¿ and ¡, and in either gender; all of it must work.
The sentences are our own.
"""

from __future__ import annotations

import re

import pytest

from workshop import content, feedback, i18n, resources

# rule -> words that only that rule's Spanish message contains
RULES = {
    "empty": "Escribe una frase corta",
    "start": "Prueba empezar con",
    "we": "hablas también por otra persona",
    "own-it": "le pasa tu sentimiento",
    "missing": "un sentimiento que te falta",
    "thought": "suele traer un pensamiento",
    "about-them": "habla de la otra persona",
    "numb": "No sentir nada",
    "no-word": "Ya lo hiciste tuyo",
    "judgement": "también dice lo que hizo",
    "self": "algo duro de decir sobre ti",
    "heavy": "pesa mucho",
    "minimising": "le quitaste importancia",
    "label": "veredicto sobre una persona",
    "blame": "pone la causa en alguien",
    "absolute": "suene permanente",
    "plain": "y lo hiciste tuyo",
    "situation": "describiste lo que pasó sin culpar",
    "request": "y dijiste lo que te gustaría",
    "full": "Aquí están las tres partes",
    "add": "puedes agregar lo que te gustaría",
    "add-more": "tener más seguido",
    "positive": "deje de hacer algo",
    "vague": "es un comienzo",
    "safety": "importa mucho más que este ejercicio",
}
GOOD_RULES = {"plain", "situation", "request", "full"}


def check(sentence: str, **kwargs) -> list[feedback.Note]:
    return feedback.check_i_feel(sentence, language="es", **kwargs)


def rules_of(sentence: str, **kwargs) -> set[str]:
    """Which rules fired, by their distinctive words; an unrecognised message fails the test."""
    fired = set()
    for note in check(sentence, **kwargs):
        matched = {rule for rule, words in RULES.items() if words in note.message}
        assert len(matched) == 1, f"{sentence!r}: {note.message} matched {matched}"
        fired |= matched
    return fired


P, S, R, F = {"plain"}, {"situation", "add"}, {"request"}, {"full"}
CASES = [
    # 1. a plain owned feeling
    ("Me siento sola.", P),
    ("Me siento solo.", P),
    ("me siento sola", P),
    ("ME SIENTO SOLA", P),
    ("Yo me siento triste.", P),
    ("Estoy triste.", P),
    ("Estoy muy cansada.", P),
    ("Siento miedo.", P),
    ("Siento mucha tristeza.", P),
    ("Tengo miedo.", P),
    ("Tengo celos.", P),
    ("Me siento un poco perdido.", P),
    ("Hoy me siento nerviosa.", P),
    ("Últimamente me siento un poco perdida.", P),
    ("Ultimamente me siento agotado", P),  # no accents
    ("Me he sentido muy sola estos días.", P),
    ("Me estoy sintiendo abrumada.", P),
    ("Me sentí preocupado, y luego molesto.", P),
    ("Sentí alivio.", P),
    ("Me siento harta.", P),
    ("Me siento de bajón.", P),
    ("Me siento con ganas de llorar.", P),
    ("Me siento dejada de lado.", P),
    ("Me siento en paz.", P),
    ("Me siento agradecida.", P),
    ("Me siento como en casa.", P),
    ("Estoy de mal humor.", P),
    ("Me pongo nerviosa.", P),
    ("Ando bajoneado.", P),
    ("Sintiéndome un poco solo hoy.", P),
    ("Me siento dividida.", P),
    ("Me siento orgullosa de mí misma.", P),
    ("Me siento escuchado.", P),
    ("Siempre me siento nerviosa antes de un examen.", S),  # "siempre" is about me, not a verdict
    # 2. vague words are a start, with a nudge
    ("Me siento bien.", {"plain", "vague"}),
    ("Me siento mal.", {"plain", "vague"}),
    ("Estoy bien.", {"plain", "vague"}),
    ("Me siento rara hoy.", {"plain", "vague"}),
    ("Estoy bien cansado.", P),  # "bien" here means "very"
    ("Me siento bien triste cuando te vas.", S),
    # 3. feeling and a blame-free situation: good, and a nudge to say what you would like
    ("Me siento herida cuando te olvidas de llamar.", S),
    ("Me siento celoso cuando le escribe a su ex.", S),
    ("Me siento triste porque olvidaste mi cumpleaños.", S),
    ("Me siento nerviosa por la entrevista de mañana.", S),
    ("Me siento sola cuando cenamos con los celulares en la mesa.", S),
    ("Me siento ansioso cuando se acerca la fecha del alquiler.", S),
    ("Me siento frustrada cuando los platos se quedan en el fregadero toda la noche.", S),
    ("Me siento inquieto desde que mi pareja empezó a trabajar de noche.", S),
    ("Me sentí avergonzada cuando me corregiste delante de tus amigos.", S),
    ("Cuando llegaste tarde anoche, me sentí preocupada.", S),
    ("Como no me avisaste, me sentí preocupado.", S),
    ("Me siento tensa ya que se acerca la fecha de entrega.", S),
    ("Me siento decepcionado de que se cancelara el viaje.", S),
    ("Me siento dividida sobre mudarnos a otra ciudad.", S),
    ("Me siento aburrida cuando pasamos todos los fines de semana en casa.", S),
    ("Estoy triste desde que perdí el trabajo.", S),
    ("Estoy enojado porque se llevó mi carro sin preguntar.", S),
    ("Tengo miedo de hablar en público.", S),
    ("Siento tristeza cuando llegas y no me saludas.", S),
    ("Me siento triste xq olvidaste", S),  # "xq", as people text "porque"
    ("Me siento agradecida cuando me preparas un café por la mañana.", {"situation", "add-more"}),
    ("Me siento cerca de ti cuando caminamos juntos.", {"situation", "add-more"}),
    ("Me siento tranquilo cuando cocinamos juntos los domingos.", {"situation", "add-more"}),
    ("Me sentí querida cuando me tomaste la mano en la fiesta.", {"situation", "add-more"}),
    ("Me siento agradecido de que siempre recuerdas dónde dejé las llaves.",
     {"situation", "add-more"}),  # an absolute beside a pleasant feeling is no verdict
    # 4. feeling and what you would like
    ("Esta noche me siento solo. ¿Dejamos los celulares a un lado un rato?", R),
    ("Me siento herida. Esperaba que me preguntaras por la entrevista.", R),
    ("Me siento cansada. ¿Podrías llevar a los niños a la escuela mañana?", R),
    ("Me siento nervioso y me encantaría un abrazo.", R),
    ("Estoy bajoneada. ¿Podemos hablar esta noche?", R),
    ("¿Podríamos hablar esta noche? Me siento un poco perdido.", R),
    ("Me siento dejado de lado a veces, y me gustaría que me invitaran más.", R),
    ("Me siento sola, por favor abrázame.", R),
    ("Me siento triste, ¿me abrazas?", R),
    # 5. the full form
    ("Me siento sola cuando cenamos en silencio, y me encantaría que conversáramos.", F),
    (("Me siento herido cuando te olvidas de llamar, y me gustaría un mensaje corto si vas "
      "a llegar tarde."), F),
    (("Me siento estresada cuando la casa está desordenada antes de que lleguen visitas; "
      "¿podríamos ordenar juntos el viernes?"), F),
    (("Me siento ansioso porque se acumulan las cuentas, y me gustaría que nos sentáramos a "
      "hacer un presupuesto este fin de semana."), F),
    (("Me siento celosa cuando le escribe a su ex por la noche, y quisiera que habláramos "
      "de lo que a los dos nos parece bien."), F),
    (("Me sentí avergonzado cuando bromeaste sobre mi comida en la cena. La próxima vez, "
      "¿podrías guardarlo para nosotros?"), F),
    (("Me siento triste ya que dejamos de tener citas; me gustaría que planeáramos una este "
      "mes."), F),
    (("Me siento preocupada como has estado callado toda la semana. ¿Estarías dispuesto a "
      "contarme qué te pasa?"), F),
    ("Me siento feliz cuando cantas en la cocina, y me encantaría que lo hicieras más.", F),
    (("Cuando estás con el celular en la cena, me siento sola. Me gustaría que dejáramos "
      "los celulares en la cocina."), F),
    (("Me sentí preocupado, y luego molesto, cuando esperé cuarenta minutos sin un mensaje. "
      "¿La próxima vez me escribes?"), F),
    ("Siento miedo cuando manejas rápido, te pido que vayamos más despacio.", F),
    ("me siento sola cuando llegas tarde y no avisas, me gustaria que me escribas",
     F),  # no accents, no capitals
    # a request to stop: good, with a nudge towards a positive request
    ("Me siento frustrada cuando dejas los platos afuera. ¿Podrías dejar de hacer eso?",
     F | {"positive"}),
    (("Me siento tenso cuando discutimos delante de los niños, y me gustaría que no lo "
      "hiciéramos."), F | {"positive"}),
    ("Me siento ansiosa; por favor no vuelvas a cancelar.", R | {"positive"}),
    # 6. a thought dressed as a feeling
    ("Siento que nunca me escuchas.", {"thought", "absolute"}),
    ("Siento que no te importo.", {"thought", "blame"}),
    ("Siento que tú no me quieres.", {"thought", "blame"}),
    ("Siento como si a nadie le importara.", {"thought"}),
    ("Siento que te importa más tu celular que yo.", {"thought"}),
    ("Siento que solo te importan tus cosas.", {"thought", "blame"}),
    ("Me siento como si nos estuviéramos alejando.", {"thought"}),
    ("Siento que deberíamos hablar más.", {"thought"}),
    ("Siento como que no me tomas en cuenta.", {"thought", "blame"}),
    ("Yo siento que no me valoras", {"thought", "blame"}),
    ("Siento tu indiferencia.", {"about-them"}),
    (("Siento que estoy exagerando. En realidad no tengo de qué quejarme, así que no me "
      "hagas caso."), {"thought"}),
    # 7. words that judge what someone else did
    ("Me siento ignorada.", {"judgement"}),
    ("Me siento ignorado.", {"judgement"}),
    ("Me siento manipulada.", {"judgement"}),
    ("Me siento rechazado.", {"judgement"}),
    ("Me siento traicionada.", {"judgement"}),
    ("Me siento abandonado.", {"judgement"}),
    ("Me siento usada.", {"judgement"}),
    ("Me siento menospreciado.", {"judgement"}),
    ("Me siento poco valorada cuando cocino todas las noches.", {"judgement"}),
    ("Me siento invisible cuando estás con el celular.", {"judgement"}),
    ("Siempre me siento ignorada", {"judgement"}),
    ("Me siento ignorado porque nunca preguntas por mi día.", {"judgement", "absolute"}),
    ("Me siento dado por sentado.", {"judgement"}),
    # 8. hard verdicts on yourself
    ("Me siento tan estúpida.", {"self"}),
    ("Me siento inútil.", {"self"}),
    ("Me siento un fracaso.", {"self"}),
    ("Me siento como una tonta.", {"self"}),
    ("Me siento una mala madre.", {"self"}),
    # 9. heavy words: no praise, a gentle word and where help is
    ("Me siento sin esperanza.", {"heavy"}),
    ("Siento que no valgo nada.", {"heavy"}),
    ("Me siento atrapada en este trabajo.", {"heavy"}),
    ("Me siento una carga.", {"heavy"}),
    ("Me siento vacío.", {"heavy"}),
    ("Ya no puedo más.", {"heavy"}),
    ("Estoy deprimida.", {"heavy"}),
    # 10. handing the feeling to someone or something else
    ("Me haces sentir pequeña.", {"own-it"}),
    ("Me hiciste sentir estúpido.", {"own-it"}),
    ("Mi pareja me hace sentir invisible.", {"own-it"}),
    ("Me pones muy feliz.", {"own-it"}),
    ("Me pone nerviosa cuando cambian los planes.", {"own-it"}),
    ("Me haces sentir invisible cuando te pasas toda la noche con el celular.", {"own-it"}),
    ("Me hiciste sentir que no te importo nada.", {"own-it"}),
    ("Haces que me sienta tonta.", {"own-it"}),
    ("Me tienes harta.", {"own-it"}),
    ("Tú me haces feliz.", {"own-it"}),
    # 11. a feeling that is missing, and feeling nothing
    ("No me siento querida.", {"missing"}),
    ("No me siento escuchado.", {"missing"}),
    ("Ya no me siento cerca de ti.", {"missing"}),
    ("Nunca me siento escuchada.", {"missing"}),
    ("No estoy bien.", {"missing"}),
    ("No siento nada.", {"numb"}),
    ("Siento nada.", {"numb"}),
    # 12. owned, but no feeling word yet
    ("Me siento", {"no-word"}),
    ("Me siento blorp", {"no-word"}),
    ("Lo sentí en el pecho.", {"start"}),
    # 13. not a "me siento" sentence yet
    ("", {"empty"}),
    ("  \n ", {"empty"}),
    ("¿?¡!", {"empty"}),
    ("Creo que estás equivocado.", {"start"}),
    ("Nos sentimos distantes.", {"we"}),
    ("Nunca me escuchas.", {"start", "absolute"}),
    ("Estás con esa cosa todas las noches, y la verdad, es de mala educación.",
     {"start", "label"}),
    ("Está bien, no te preocupes.", {"start"}),
    ("Mi pareja es encantadora.", {"start"}),
    ("Lo siento mucho.", {"start"}),
    ("Me duele la cabeza.", {"start"}),
    # 14. talking the feeling down
    (("Me siento perdida, pero es solo porque me jubilé y no tengo nada que hacer, así que "
      "es una tontería."), {"minimising"}),
    ("Me siento herido, pero seguro no es nada.", {"minimising"}),
    ("Me siento celosa, ya sé que es una tontería.", {"minimising"}),
    ("Me siento molesto, pero seguro estoy exagerando.", {"minimising"}),
    # 15. blame in the situation, aimed at anyone
    ("Me siento enojada porque eres egoísta.", {"label"}),
    ("Me siento herido porque eres muy desconsiderada.", {"label"}),
    ("Me siento frustrada cuando mi pareja es floja con la casa.", {"label"}),
    ("Me siento molesto porque son unos inútiles.", {"label"}),
    ("Me siento triste, eres tan egoísta", {"label"}),
    ("Estaba muy preocupado, y fue muy desconsiderado de tu parte no avisarme.", {"label"}),
    ("Me siento mal por tu culpa.", {"blame"}),
    ("Es tu culpa que me sienta así.", {"start", "blame"}),  # "que me sienta": not owned yet
    ("Me siento enojada porque no te importa.", {"blame"}),
    ("Me siento herida porque solo piensas en ti.", {"blame"}),
    ("Me siento cansado porque deberías ayudar más en la casa.", {"blame"}),
    ("Me siento molesto porque nunca piensas en nadie más que en ti.", {"blame", "absolute"}),
    ("Me siento sola porque siempre estás con el celular.", {"absolute"}),
    ("Me siento frustrado porque nunca escuchas.", {"absolute"}),
    ("Me siento enojada cuando me interrumpe constantemente.", {"absolute"}),
    ("Me siento herido cuando llegas tarde como siempre.", {"absolute"}),
    (("Me siento sola cuando estás con el celular todo el tiempo, y me gustaría que "
      "habláramos."), {"absolute"}),
    ("Me siento triste porque jamás me llamas.", {"absolute"}),
    ("Me siento frustrado porque no me escuchas.", {"blame"}),
    ("Me siento solo porque cenamos en silencio.", S),  # "solo porque" is not "only because"
    ("Me siento frustrado porque no me escuchaste ayer.", S),  # one moment, described
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[repr(s) for s, _ in CASES])
def test_rules(sentence, expected):
    assert rules_of(sentence) == expected


@pytest.mark.parametrize("sentence, expected", CASES, ids=[repr(s) for s, _ in CASES])
def test_good_only_when_the_method_is_there(sentence, expected):
    notes = check(sentence)
    kinds = [n.kind for n in notes]
    assert notes and len(notes) <= 2, "one verdict, and at most one gentle next step"
    assert "safety" not in kinds
    if expected & GOOD_RULES:
        assert kinds[0] == "good" and kinds.count("good") == 1
        assert feedback.is_clear(notes) and feedback.is_clear_i_feel(sentence, "es")
    else:
        assert set(kinds) == {"tip"}
        assert not feedback.is_clear(notes) and not feedback.is_clear_i_feel(sentence, "es")


def test_enough_ordinary_sentences():
    assert len(CASES) >= 120


# --------------------------------------------------------------------------- safety

DANGER = [
    # wanting to die, suicide
    "Quiero morir.",
    "quiero morirme",
    "Me quiero morir.",
    "ME QUIERO MORIR",
    "Tengo ganas de morirme.",
    "Siento que quiero morir.",
    "No quiero vivir.",
    "Ya no quiero vivir",
    "No quiero seguir viviendo.",
    "Ya no quiero despertar.",
    "Ojalá no despertara mañana.",
    "ojala me muriera",
    "Quisiera no haber nacido.",
    "He pensado en quitarme la vida.",
    "Me voy a quitar la vida.",
    "Pienso en suicidarme.",
    "Me siento suicida.",
    "Tengo pensamientos suicidas.",
    "Quiero acabar con todo.",
    "Quiero terminar con mi vida.",
    "Estarían mejor sin mí.",
    "Me siento una carga y todos estarían mejor sin mí.",
    "No tiene sentido vivir.",
    "No tengo nada por qué vivir.",
    "Nadie me extrañaría.",
    "Quiero desaparecer para siempre.",
    "Estoy cansada de vivir.",
    "Me quiero matar.",
    "Me quiero morir de la vergüenza.",  # about dying: we err on the side of safety
    "Prefiero morir antes que ir a esa fiesta.",  # as in English
    # self-harm
    "Me corté anoche.",
    "Me corto los brazos cuando estoy mal.",
    "He estado lastimándome otra vez.",
    "Tengo ganas de hacerme daño.",
    "Me quiero hacer daño.",
    "Empecé a autolesionarme.",
    # fear of a person, not being safe
    "Le tengo miedo.",
    "Le tengo miedo a mi esposo.",
    "Tengo miedo de mi pareja.",
    "tengo miedo de el",  # "él" typed without its accent
    "Tengo miedo de ella.",
    "Me siento asustada de mi novio.",
    "Mi novia me da miedo.",
    "Mi pareja me asusta.",
    "Tengo miedo de lo que pueda hacer si me voy.",
    "Tengo miedo de que se enoje y me pegue.",
    "Me da miedo cuando grita.",
    "Siento que camino sobre cáscaras de huevo con él porque puede explotar.",
    "Tengo miedo de volver a casa.",
    "No me siento segura en casa.",
    "no me siento segura en mi casa",
    "No estoy a salvo en casa.",
    "NO ESTOY A SALVO",
    "No me siento seguro con mi pareja.",
    "No me siento a salvo aquí.",
    "Estoy en peligro.",
    "Me siento amenazada.",
    "Tengo miedo de mi jefe.",  # fear of any person
    # violence and threats
    "Me pega cuando toma.",
    "Mi esposo me golpea.",
    "Me empujó contra la pared.",
    "Él me pegó anoche.",
    "el me pego anoche",
    "Mi novia me da cachetadas.",
    "Me dio una bofetada.",
    "Me agarró del brazo muy fuerte.",
    "Me tiró un plato.",
    "Me ahorcó.",
    "Mi pareja me amenaza.",
    "Me amenazó con quitarme a los niños.",
    "Dice que me va a matar si lo dejo.",
    "Me va a matar.",
    "Mi mamá me va a matar.",  # threat or figure of speech: we err on the side of safety
    "Tengo moretones en los brazos.",
    "Les pega a los niños.",
    # coercive control
    "No me deja ver a mis amigas.",
    "no me deja ver a mis amigos",
    "No me dejas salir sola.",
    "Me revisa el celular todas las noches.",
    "Revisa mis mensajes.",
    "Lee mis mensajes a escondidas.",
    "Siempre quiere saber dónde estoy.",
    "Me pide que le mande mi ubicación a cada rato.",
    "Controla mi dinero.",
    "Me siento controlada.",
    "Se queda con todo mi sueldo.",
    "Me quita el celular.",
    "Me aísla de mi familia.",
    "Tengo que pedirle permiso para salir.",
    "Me obliga a tener relaciones aunque no quiero.",
    "Me dice que soy una inútil.",
    "Me insulta y me siento pequeña.",
    "Me siento atrapada porque no me deja irme.",
    "Pienso en la muerte todo el tiempo.",
    "Mi novio me empujó en la calle.",
    "Nos pega a mí y a los niños.",
    "Me siento mal tratada.",
    "mi pareja me muerde cuando se enoja",
]

CONTROL = [
    "Me muero de risa.",
    "Me mata de la risa.",
    "Mi novio me mata de la risa.",
    "Me muero por verte.",
    "Me muero de hambre.",
    "Casi me muero de vergüenza.",
    "Estoy muerta de cansancio.",
    "Este trabajo me está matando.",
    "Me matan los pies.",
    "Me pega la gripe cada invierno.",
    "Se me pegó una canción.",
    "Me golpeó la noticia.",
    "La noticia me golpeó fuerte y me siento triste.",
    "Me empujó a postularme al trabajo y me siento agradecida.",
    "Tengo miedo de hablar en público.",
    "Le tengo miedo a las alturas.",
    "Le tengo miedo a la oscuridad.",
    "Tengo miedo de perderte.",
    "Tengo miedo de que me dejes algún día.",
    "Me da miedo manejar de noche.",
    "Me duele la cabeza.",
    "No estoy segura.",
    "No estoy segura de qué quiero.",
    "No me siento segura de mi decisión.",
    "No me siento segura con mi cuerpo.",
    "Me siento segura contigo.",
    "Me siento a salvo cuando hablamos así.",
    "Me siento insegura.",
    "Me siento herida cuando te olvidas de llamar.",
    "Me lastimas cuando te burlas de mis ideas.",  # to a partner: read as hurt feelings
    "Me siento lastimada.",
    "Me siento aislada desde que nos mudamos al campo.",
    "Me corté el pelo y me siento rara.",
    "Me siento ansiosa cuando reviso mi cuenta del banco.",
    "Me siento frustrada cuando revisas tu celular en la cena.",
    "Me siento triste porque mi abuelo murió el año pasado.",
    "Mi perro se está muriendo y me siento perdida.",
    "Me siento amenazada por su éxito.",
    "Me siento intimidada por el nuevo trabajo.",
    "Los niños no me dejan dormir y estoy agotada.",
    "Me siento preocupado por la salud de mi pareja.",
    "Me siento nerviosa cuando manejas rápido.",
    "Siento que me ahogo en papeleo.",
    "Estoy con el corazón roto.",
    "Me siento frustrada cuando azotas la puerta.",
    "Me siento culpable porque les grité a los niños.",
    "Me siento feliz cuando me cuentas dónde estás.",
    "Me tiro a la cama y lloro cuando estoy triste.",
    "Mi pareja me abraza fuerte y me siento querida.",
    "Me ataca la ansiedad antes de los exámenes.",
    "Soy un poco controladora con la limpieza y me siento mal por eso.",
    "Me siento sola en mi cuarto.",
    "Me siento contenta, el sol me pega en la cara.",
    "Me siento frustrada porque el perro me mordió el zapato.",
    "Me siento triste cuando pienso en la muerte de mi abuela.",
    "Me siento enojada porque me empujaron en el metro.",
    "Me siento tranquila cuando miras mis fotos de viaje.",
    "Me siento nerviosa porque mi jefe revisa mi trabajo.",
]


def spanish_help(country: str | None) -> str:
    with i18n.using("es"):
        return resources.help_text(country)


@pytest.mark.parametrize("sentence", DANGER)
def test_danger_gets_safety_and_nothing_else(sentence):
    notes = check(sentence, country="MX")
    assert [n.kind for n in notes] == ["safety"], notes
    [note] = notes
    assert spanish_help("MX") in note.message
    assert not feedback.is_clear(notes) and not feedback.is_clear_i_feel(sentence, "es")
    assert feedback.speaks_of_danger(sentence, "es")


@pytest.mark.parametrize("sentence", CONTROL)
def test_ordinary_sentences_raise_no_alarm(sentence):
    assert not feedback.speaks_of_danger(sentence, "es")
    assert "safety" not in {n.kind for n in check(sentence)}


def test_enough_danger_and_control_sentences():
    assert len(DANGER) >= 60 and len(CONTROL) >= 40


@pytest.mark.parametrize("sentence", [
    "Mi pareja me pega.", "mi pareja me pega", "MI PAREJA ME PEGA", "¡Mi pareja me pega!",
    "Mi novio me pega.", "Mi novia me pega.", "Mis papás me pegan.",
    "Me siento amenazada.", "Me siento amenazado.", "Nos sentimos amenazados.",
    "Me siento controlada.", "Me siento controlado.",
    "No me siento segura en casa.", "No me siento seguro en casa.",
    "No nos sentimos seguros en casa.",
    "¿Qué hago? Tengo miedo de él.", "Tengo miedo de ella.", "Les tengo miedo.",
    "No quiero estar viva.", "No quiero estar vivo.", "Ya no quiero estar aquí.",
    "Quisiera estar muerta.", "Quisiera estar muerto.",
])
def test_danger_in_every_gender_with_or_without_accents(sentence):
    assert [n.kind for n in check(sentence)] == ["safety"]
    assert feedback.speaks_of_danger(sentence.replace("á", "a").replace("é", "e"), "es")


@pytest.mark.parametrize("country", ["MX", "AR", "ES", "US", None])
def test_safety_gives_the_countrys_help_in_spanish(country):
    [note] = check("No estoy a salvo en casa.", country=country)
    assert note.kind == "safety" and spanish_help(country) in note.message


def test_the_checkers_language_wins_over_the_pages():
    """The widget passes the page's language, but a report or a test may ask for another one."""
    with i18n.using("en"):
        [note] = check("Quiero morir", country="MX")
        assert i18n.current() == "en"
    assert spanish_help("MX") in note.message and "mucho más que este ejercicio" in note.message
    with i18n.using("es"):
        [note] = feedback.check_i_feel("I want to die", country="MX")
        assert i18n.current() == "es"
    with i18n.using("en"):
        assert resources.help_text("MX") in note.message


def test_safety_is_kind_and_brief_and_never_nudges():
    [note] = check("Le tengo miedo a mi pareja.")
    intro = note.message.replace(spanish_help(None), "")
    assert "mucho más que este ejercicio" in intro and "mereces apoyo ahora" in intro
    assert len(intro.split()) < 50
    assert "te gustaría" not in intro and "en voz alta" not in note.message.lower()


def test_heavy_words_add_the_help_lines_softly():
    [note] = check("Me siento sin esperanza.", country="MX")
    assert note.kind == "tip" and spanish_help("MX") in note.message
    assert "tristeza" in note.message  # a feeling that may sit underneath


def test_heavy_words_stay_heavy_but_a_broken_heart_is_sad():
    assert rules_of("Me siento rota.") == {"heavy"}
    assert rules_of("Tengo el corazón roto.") == {"plain"}
    assert rules_of("Me siento con el corazón roto.") == {"plain"}


# --------------------------------------------------------------------------- one method

@pytest.mark.parametrize("feeling, situation", [
    ("Me siento herida", "te olvidaste de llamar anoche."),
    ("Me siento solo", "cenamos en silencio."),
    ("Me siento enojada", "él es egoísta."),
    ("Me siento ansioso", "nunca me contestas los mensajes."),
    ("Me siento triste",
     "olvidaste mi cumpleaños, y me gustaría que lo festejáramos el sábado."),
    ("Me sentí avergonzada", "mi pareja se burló de mí delante de mis amigas."),
])
def test_cuando_porque_ya_que_and_como_are_alike(feeling, situation):
    verdicts = {c: rules_of(f"{feeling} {c} {situation}") for c in
                ("cuando", "porque", "ya que", "como")}
    assert len({frozenset(v) for v in verdicts.values()}) == 1, verdicts


@pytest.mark.parametrize("feminine, masculine", [
    ("Me siento sola.", "Me siento solo."),
    ("Estoy cansada.", "Estoy cansado."),
    ("Me siento ignorada.", "Me siento ignorado."),
    ("Me siento una tonta.", "Me siento un tonto."),
    ("Me siento desesperanzada.", "Me siento desesperanzado."),
    ("No me siento querida.", "No me siento querido."),
    ("Me siento herida cuando no me llamas.", "Me siento herido cuando no me llamas."),
])
def test_both_genders_get_the_same_verdict(feminine, masculine):
    assert rules_of(feminine) == rules_of(masculine)


@pytest.mark.parametrize("typed", [
    "me senti preocupada cuando no llegaste", "ME SENTÍ PREOCUPADA CUANDO NO LLEGASTE",
    "Me sentí preocupada cuando no llegaste!!", "¡Me sentí preocupada cuando no llegaste!",
])
def test_accents_capitals_and_marks_do_not_matter(typed):
    assert rules_of(typed) == rules_of("Me sentí preocupada cuando no llegaste.") == {
        "situation", "add"}


def test_good_notes_quote_the_feeling_as_written():
    [note] = check("De verdad me siento TRISTE")
    assert "“TRISTE”" in note.message
    [note] = check("Me siento cómoda.")
    assert "“cómoda”" in note.message
    [note] = check("Me siento comoda.")
    assert "“comoda”" in note.message
    [note] = check("Me siento con ganas de llorar.")
    assert "“con ganas de llorar”" in note.message


def test_tips_quote_the_words_they_are_about():
    text = " ".join(n.message for n in check("Me siento triste, no te importa"))
    assert "“no te importa”" in text
    text = " ".join(n.message for n in check("Me siento herido porque jamás lo haces"))
    assert "“jamás”" in text
    [note] = check("Me siento ignorada.")
    assert "“ignorada”" in note.message and "soledad" in note.message


def test_knows_at_least_150_feeling_words_in_both_genders():
    words = feedback.feeling_words("es")
    assert len(words) >= 150
    assert {"sola", "solo", "cansada", "cansado", "triste", "harta", "harto", "en paz",
            "con ganas de llorar", "dejada de lado", "dejado de lado", "tristeza", "miedo"} <= words
    unclear = [w for w in sorted(words) if not feedback.is_clear_i_feel(f"Me siento {w}.", "es")]
    assert not unclear
    alarms = [w for w in sorted(words) if feedback.speaks_of_danger(f"Me siento {w}.", "es")]
    assert not alarms


def test_judgements_are_not_counted_as_feelings():
    words = feedback.feeling_words("es")
    assert not {"ignorada", "ignorado", "manipulada", "rechazado", "traicionada",
                "sin esperanza", "atrapada", "controlada"} & words


def test_spanish_is_known_and_others_are_refused():
    assert {"en", "es"} <= set(feedback.languages())
    with pytest.raises(ValueError, match="xx"):
        feedback.check_i_feel("Me siento sola.", language="xx")
    with pytest.raises(ValueError, match="xx"):
        feedback.speaks_of_danger("Quiero morir", language="xx")


def _all_messages():
    sentences = [s for s, _ in CASES] + DANGER + CONTROL
    return [(s, n.message) for s in sentences for n in check(s)]


def test_messages_are_spanish_kind_and_teach_one_method():
    """Tips suggest; they never scold or push, and speak Spanish with “ ” quotation marks."""
    harsh = ("incorrect", "error", "equivocad", "inválid", "mal escrit", "fallaste", "¡", "!",
             "deberías", "debes")
    english = re.compile(r"\b(?:the|you|feel|your|and|what|that)\b")
    for sentence, message in _all_messages():
        own_words = message.replace(spanish_help(None), "")
        own_words = re.sub(r"“[^”]*”", "", own_words)  # words quoted back are theirs
        assert not any(word in own_words.lower() for word in harsh), (sentence, message)
        assert not english.search(own_words), (sentence, message)
        assert '"' not in own_words, (sentence, message)
        assert "en voz alta" not in own_words and "porque" not in own_words, (sentence, message)


def test_agrees_with_the_spanish_ifeel_quiz():
    """The Spanish quiz's best sentences pass the checker; every other option gets a tip."""
    with i18n.using("es"):
        quiz = content.quiz("ifeel-quiz")
    for question in quiz["questions"]:
        for option in question["options"]:
            clear = feedback.is_clear_i_feel(option["text"], "es")
            assert clear == bool(option.get("best")), (question["id"], option["text"])


def test_english_and_spanish_answer_in_their_own_words():
    english = feedback.check_i_feel("I feel lonely.")
    spanish = check("Me siento sola.")
    assert [n.kind for n in english] == [n.kind for n in spanish] == ["good"]
    assert english[0].message != spanish[0].message and "Nombraste" in spanish[0].message
