//! The pages a public service owes its visitors: om webbplatsen, the accessibility statement
//! (tillgänglighetsredogörelse, required by lagen (2018:1937) om tillgänglighet till digital
//! offentlig service), how personal data is handled, and how to reach the editors.

use maud::{Markup, html};

use super::layout::{Nav, page};

/// What the pages say about who runs the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteInfo<'a> {
    /// The editors' e-mail address, when the config names one.
    pub editors_email: Option<&'a str>,
    /// The licence of the open data, when the config names one.
    pub licence: Option<&'a str>,
}

/// The city's switchboard, which reaches every administration.
const SWITCHBOARD: &str = "08-508 000 00";

/// How to reach the editors: their address when it is known, the switchboard always.
fn reach(info: &SiteInfo<'_>) -> Markup {
    html! {
        @if let Some(email) = info.editors_email {
            "e-post till redaktionen: " a href={ "mailto:" (email) } { (email) } ", eller "
        }
        "Stockholms stads växel, " a href="tel:+46850800000" { (SWITCHBOARD) } " (fråga efter redaktionen för Goda exempel)"
    }
}

/// `/om-webbplatsen`.
pub fn about_page(info: &SiteInfo<'_>) -> Markup {
    page(
        "Om webbplatsen",
        Nav::None,
        html! {
            h1 { "Om webbplatsen" }
            p { "Goda exempel är Stockholms stads samling av exempel på förbättring och innovation. Här kan du som arbetar i staden hitta metoder som andra enheter redan har prövat, och dela det som har fungerat hos er." }
            h2 { "Vem gör vad" }
            ul {
                li { "Enheter i staden skickar in sina exempel via formuläret " a href="/skicka" { "Skicka in ett exempel" } "." }
                li { "Redaktionen granskar varje exempel innan det publiceras och kan be enheten om ändringar." }
                li { "Varje år väljs exempel ut till Goda exempelmässan, där enheter visar upp sitt arbete och lär av varandra." }
            }
            h2 { "Stadens kvalitetsarbete" }
            p { "Samlingen är en del av stadens program för kvalitetsutveckling, som ber nämnder och bolag att systematiskt sprida och använda goda exempel. Exemplen är ordnade efter programmets sex fokusområden." }
            h2 id="oppna-data" { "Öppna data" }
            p { "Alla publicerade exempel finns att ladda ner på sidan " a href="/oppna-data" { "Öppna data" } "." }
            p { "Publicerade exempel kan hämtas maskinellt via det öppna API:et och " a href="/flode.atom" { "nyhetsflödet" } ". API:et beskrivs för utvecklare, på engelska, i " a href="/api/openapi.json" hreflang="en" { "en OpenAPI-beskrivning (JSON)" } "." }
            h2 { "Frågor" }
            p { "Nå redaktionen via " (reach(info)) "." }
        },
    )
}

/// `/tillganglighet`: the accessibility statement.
pub fn accessibility_page(info: &SiteInfo<'_>) -> Markup {
    page(
        "Tillgänglighet för Goda exempel",
        Nav::None,
        html! {
            h1 { "Tillgänglighet för Goda exempel" }
            p { "Stockholms stad står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur Goda exempel uppfyller lagen om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera problem så att vi kan åtgärda dem." }
            h2 { "Hur tillgänglig är webbplatsen?" }
            p { "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. Målet är nivå AA i standarden WCAG 2.1." }
            h2 { "Vad kan du göra om du inte kan använda delar av webbplatsen?" }
            p { "Om du behöver innehåll i ett annat format, eller om något inte fungerar för dig, kontakta oss via " (reach(info)) ". Beskriv vilken sida det gäller och vad som inte fungerar." }
            h2 { "Rapportera brister" }
            p { "Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns." }
            h2 { "Tillsyn" }
            p { "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn för lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du " a href="https://www.digg.se/tdosanmalan" { "kontakta Digg och påtala det" } "." }
            h2 { "Kända brister" }
            ul {
                li { "Inloggningen för redaktörer upphör efter åtta timmar utan aktivitet. Sidan varnar tio minuter innan och har en knapp för att fortsätta vara inloggad, men bara med JavaScript; utan JavaScript förlänger du inloggningen genom att ladda om sidan. Det du skrev när inloggningen hade gått ut sparas inte, men visas så att du kan kopiera det (WCAG 2.2.1)." }
                li { "Beskrivningen av ett exempel skrivs i ett enda textfält med Markdown-formatering, vilket kan vara svårt att överblicka med skärmläsare." }
            }
            p { "Vi arbetar med att åtgärda bristerna." }
            h2 { "Hur vi testar webbplatsen" }
            p { "Varje ändring av webbplatsen testas automatiskt: alla sidor granskas med verktyget axe-core i en webbläsare i bredden 1280 och 375 pixlar, och sidornas kod valideras. Vi har också testat för hand: varje sida och formulär med bara tangentbord (fokusordning, synlig fokus, att inget fastnar), i 320 pixlars bredd och med 200 procents förstoring, med ökat radavstånd och teckenavstånd (WCAG 1.4.12), kontrasten hos knappar, fält och fokusramar, att felmeddelanden och statusmeddelanden läses upp i tillgänglighetsträdet, och utskrift av katalogen. Vid varje ändring kontrolleras också att ingen sida rullar i sidled vid 320 pixlars bredd, att sökfiltren går att öppna och använda med och utan JavaScript, och att en krock i Min mässa läses upp. Redogörelsen uppdaterades senast den 2 december 2026." }
        },
    )
}

/// `/personuppgifter`: what personal data the service keeps, why and for how long.
pub fn privacy_page(info: &SiteInfo<'_>) -> Markup {
    page(
        "Så hanterar vi personuppgifter",
        Nav::None,
        html! {
            h1 { "Så hanterar vi personuppgifter" }
            p { "Goda exempel behandlar så få personuppgifter som möjligt. Här kan du läsa vilka uppgifter det är, varför vi behandlar dem och hur länge de sparas." }
            h2 { "När du skickar in ett exempel" }
            p { "Du kan ange en kontaktperson och en e-postadress. Uppgifterna är frivilliga. De visas tillsammans med exemplet när det publiceras, så att andra enheter kan ställa frågor om metoden. Ange därför en funktionsbrevlåda om ni hellre vill det." }
            p { "Uppgifterna sparas så länge exemplet finns i samlingen. Om exemplet avböjs eller arkiveras visas de inte längre, men de finns kvar i exemplets fil tills redaktionen tar bort exemplet. Du kan när som helst be redaktionen att ta bort eller ändra kontaktuppgifterna." }
                        h2 { "När du berättar att er enhet har infört ett exempel" }
            p { "En rapport om ett infört exempel innehåller enhetens namn, förvaltning och en text om vad ni gjorde. Du kan också ange en kontaktperson och en e-postadress. Namnet visas med rapporten på exemplets sida och i de öppna data, när redaktionen har godkänt rapporten. E-postadressen visas aldrig: den används bara för att skicka länken till er rapport." }
            p { "Rapporten sparas så länge exemplet finns i samlingen. En avböjd rapport visas inte. Du kan ändra rapporten med din länk, eller be redaktionen ta bort den." }
            h2 { "När du är redaktör" }
            p { "När en redaktör ändrar status på ett exempel sparas redaktörens användarnamn och tidpunkten i exemplets historik, så att det går att se vem som granskade vad." }
            h2 { "När du besöker webbplatsen" }
            p { "Vi använder inga kakor för statistik eller marknadsföring. Webbplatsen sätter en kaka som skyddar formulären mot förfalskade anrop, och en inloggningskaka för redaktörer. Servern för en logg över anrop, med bland annat avsändarens IP-adress, för drift och säkerhet. Loggen sparas enligt stadens rutiner för driftloggar." }
            p { "För att redaktionen ska se vad medarbetare letar efter räknas varje sökning och varje läst exempel per dag: sökorden, filtren och antalet träffar. Ingen IP-adress, inloggning eller uppgift om webbläsaren sparas med sökningen, så den går inte att koppla till dig. Räkningarna sparas i den tid som är bestämd för tjänsten, normalt 400 dagar, och ordningen mellan sökningarna sparas inte när dagen är slut. Skriv inte personuppgifter i sökrutan." }
            h2 { "Vem är ansvarig?" }
            p { "Stockholms stad, genom den nämnd som driver Goda exempel, är personuppgiftsansvarig. Behandlingen stöds av stadens uppdrag att utveckla och sprida goda exempel i verksamheterna (allmänt intresse)." }
            h2 { "Dina rättigheter" }
            p { "Du har rätt att få veta vilka uppgifter om dig vi behandlar, att få fel rättade och att få uppgifter raderade. Kontakta oss via " (reach(info)) ". Du kan också vända dig till stadens dataskyddsombud via växeln, och om du är missnöjd till Integritetsskyddsmyndigheten (IMY)." }
        },
    )
}

/// `/kontakt`.
pub fn contact_page(info: &SiteInfo<'_>) -> Markup {
    page(
        "Kontakt",
        Nav::None,
        html! {
            h1 { "Kontakta redaktionen" }
            p { "Har du frågor om ett exempel, om hur du skickar in ett, eller om webbplatsen? Nå redaktionen via " (reach(info)) "." }
            p { "Frågor om själva metoden i ett exempel besvarar enheten bäst: kontaktuppgifterna står på exemplets sida när enheten har angett dem." }
            p { "Vill du ändra ett exempel som din enhet har skickat in? Använd den personliga länken som du fick när du skickade in det." }
        },
    )
}

/// `/oppna-data`: the published corpus for download, its formats and licence.
pub fn open_data_page(info: &SiteInfo<'_>, count: usize, last_change: Option<&str>) -> Markup {
    page(
        "Öppna data",
        Nav::None,
        html! {
            h1 { "Öppna data" }
            p class="lead" { "Alla " (count) " publicerade exempel går att ladda ner, för att läsa i ett kalkylprogram eller läsa in i en egen installation av Goda exempel." }
            @if let Some(date) = last_change { p { "Senast ändrat: " (date) "." } }
            h2 { "Filer" }
            ul {
                li { a href="/oppna-data/exempel.csv" { "Tabell (CSV)" } ": en rad per exempel, semikolon mellan fälten och UTF-8 som Excel öppnar med å, ä och ö. Beskrivningen finns inte med, bara adressen till exemplet." }
                li { a href="/oppna-data/exempel.jsonl" { "Alla uppgifter (JSON Lines)" } ": ett exempel per rad med samma fältnamn som filerna i samlingen, beskrivningen i Markdown inräknad. En annan kommun läser in filen med " code { "goda import" } "." }
                li { a href="/oppna-data/infort.jsonl" { "Införda exempel (JSON Lines)" } ": en rad per godkänd rapport från en enhet som har provat eller infört ett exempel, utan e-postadresser." }
                li { a href="/oppna-data/utmarkelser.jsonl" { "Utmärkelser (JSON Lines)" } ": en rad per utmärkelse med de resultat och exempel den gäller, år för år." }
            }
            p { "Filerna hämtas på nytt bara när något har ändrats: servern svarar med ETag och Last-Modified." }
            h2 { "Licens" }
            @match info.licence {
                Some(licence) => p { "Texterna får återanvändas enligt licensen " strong { (licence) } ". Ange gärna Stockholms stad och enheten som källa." },
                None => p { "Redaktionen har inte angett någon licens för texterna ännu. Fråga redaktionen innan du återanvänder dem, via " (reach(info)) "." },
            }
            p { "Kontaktuppgifterna till enheternas kontaktpersoner finns med i filerna, som på webbplatsen. Läs om hur vi hanterar " a href="/personuppgifter" { "personuppgifter" } "." }
        },
    )
}
